#!/usr/bin/env node
// Part of `npm start` and `npm run serve`: builds the window (dist-renderer/) when it is
// missing or was built from other sources, so the printed link opens a working window on a
// fresh clone. A current build costs only hashing the sources (tens of milliseconds).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RENDERER_OUT, rendererInputsHash, root, STAMP } from './renderer-inputs.mjs';

const current =
  existsSync(path.join(RENDERER_OUT, 'index.html')) &&
  existsSync(STAMP) &&
  readFileSync(STAMP, 'utf8').trim() === rendererInputsHash();
if (!current) {
  process.stderr.write('setup: building the window (dist-renderer/), once per change of its sources\n');
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), 'renderer'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    process.stderr.write('setup: building the window failed; see above\n');
    process.exit(1);
  }
}
