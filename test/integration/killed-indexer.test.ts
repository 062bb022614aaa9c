import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySample, sharedSampleLecture, tempDir } from '../fixtures/sample-media.ts';

const BIN = fileURLToPath(new URL('../../bin/lectern.mjs', import.meta.url));

interface ProcessInfo {
  pid: number;
  parent: number;
  /** R, S, D ... or Z for a zombie (finished, waiting for its parent to collect it). */
  state: string;
  command: string;
}

function processInfo(pid: number): ProcessInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    return { pid, state: fields[0], parent: Number(fields[1]), command };
  } catch {
    return null; // gone
  }
}

function childrenOf(parent: number): ProcessInfo[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => processInfo(Number(name)))
    .filter((info): info is ProcessInfo => info !== null && info.parent === parent);
}

/** Starts `lectern index`, kills it with SIGKILL once it runs an ffmpeg whose arguments match, returns that ffmpeg's pid. */
function killDuring(home: string, folder: string, ffmpegArgs: RegExp): Promise<number> {
  const child = spawn(process.execPath, [BIN, '--home', home, 'index', folder], {
    env: { ...process.env, CI: 'true' },
    stdio: 'ignore',
  });
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      const ffmpeg = childrenOf(child.pid!).find((p) => /ffmpeg/.test(p.command) && ffmpegArgs.test(p.command));
      if (!ffmpeg) return;
      clearInterval(poll);
      child.kill('SIGKILL');
      resolve(ffmpeg.pid);
    }, 20);
    child.on('exit', () => {
      clearInterval(poll);
      reject(new Error(`lectern index ended before it ran ffmpeg ${ffmpegArgs}`));
    });
  });
}

async function stillWorking(pid: number, seconds: number): Promise<ProcessInfo | null> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const info = processInfo(pid);
    if (!info || info.state === 'Z') return null;
    if (Date.now() > until) return info;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!existsSync('/proc/self/stat'))('an indexer killed with SIGKILL', () => {
  let folder: string;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    const sample = await sharedSampleLecture();
    const media = await tempDir();
    cleanups.push(media.cleanup);
    folder = path.join(media.dir, 'course');
    await copySample(sample, folder, 'lecture');
  }, 300_000);

  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it.each([
    ['decoding the audio', /s16le/],
    ['sampling the frames', /rawvideo/],
  ])(
    'leaves no ffmpeg working when killed while %s',
    async (_, ffmpegArgs) => {
      const home = await tempDir();
      cleanups.push(home.cleanup);
      const ffmpeg = await killDuring(home.dir, folder, ffmpegArgs);
      const left = await stillWorking(ffmpeg, 5);
      if (left) process.kill(left.pid, 'SIGKILL');
      expect(left).toBeNull();
    },
    300_000,
  );
});
