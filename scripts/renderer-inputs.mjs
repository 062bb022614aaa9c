// What the renderer bundle (dist-renderer/) is built from, as one hash: every file under
// src-renderer/, the Vite config, the lockfile (package versions), and the files outside
// src-renderer/ that the renderer imports, followed through their own relative imports.
// `scripts/build.mjs` stores the hash beside the bundle; `scripts/ensure-renderer.mjs`
// rebuilds when it differs. Node built-ins only.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RENDERER_OUT = path.join(root, 'dist-renderer');
export const STAMP = path.join(RENDERER_OUT, '.inputs-hash');

const SOURCE_DIR = path.join(root, 'src-renderer');
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** Files outside src-renderer/ reached by relative imports from `starts`. */
function importedFromOutside(starts) {
  const seen = new Set();
  const queue = [...starts];
  while (queue.length > 0) {
    const file = queue.pop();
    if (!/\.(ts|js|mjs|svelte)$/.test(file)) continue;
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = path.resolve(path.dirname(file), spec);
      if (target.startsWith(SOURCE_DIR + path.sep) || seen.has(target) || !existsSync(target)) continue;
      seen.add(target);
      queue.push(target);
    }
  }
  return [...seen];
}

export function rendererInputsHash() {
  const own = filesUnder(SOURCE_DIR);
  const files = [
    ...own,
    ...importedFromOutside(own),
    path.join(root, 'vite.config.ts'),
    path.join(root, 'package-lock.json'),
  ]
    .filter((file) => existsSync(file))
    .sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}
