// The real Lectern backend for the browser tests: `lectern serve` on a free loopback port,
// with its own empty library and a folder holding a copy of the generated sample lecture.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { copySample, sharedSampleLecture } from '../test/fixtures/sample-media.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Backend {
  /** http://127.0.0.1:<port> */
  url: string;
  /** The link that signs the browser in (sets the session cookie) and opens the window. */
  openUrl: string;
  token: string;
  /** A folder with one lecture (video + sidecar .vtt), not yet in the library. */
  courseFolder: string;
  lectureTitle: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  server.close();
  await once(server, 'close');
  return port;
}

/** Makes a course folder with a copy of the shared sample lecture. */
export async function makeCourseFolder(root: string, title = 'Lecture 03 - Numerical Linear Algebra'): Promise<string> {
  const sample = await sharedSampleLecture();
  const folder = path.join(root, 'Numerical Methods');
  await copySample(sample, folder, title);
  return folder;
}

async function waitForLink(child: ChildProcess, output: () => string): Promise<{ openUrl: string; token: string }> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const text = output();
    const link = /(http:\/\/127\.0\.0\.1:\d+\/session\?token=[0-9a-f]+)/.exec(text)?.[1];
    const token = /^token=([0-9a-f]+)$/m.exec(text)?.[1];
    if (link && token) return { openUrl: link, token };
    if (child.exitCode !== null) throw new Error(`lectern serve exited (${child.exitCode}):\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`lectern serve printed no link within 60 s:\n${output()}`);
}

/**
 * The sample lecture is two minutes long; the default chapter length is meant for hour-long
 * recordings and would make it one chapter. Ask for ~30 s chapters, as a student could in the
 * settings, so the tests have chapters to move between.
 */
async function configure(url: string, token: string): Promise<void> {
  const response = await fetch(`${url}/api/setSettings`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Lectern-Token': token },
    body: JSON.stringify({ chapterTargetSeconds: 30 }),
  });
  if (!response.ok) throw new Error(`setSettings failed: ${response.status} ${await response.text()}`);
}

export async function startBackend(): Promise<Backend> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'lectern-e2e-'));
  const home = path.join(root, 'home');
  const lectureTitle = 'Lecture 03 - Numerical Linear Algebra';
  const courseFolder = await makeCourseFolder(root, lectureTitle);
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'bin', 'lectern.mjs'), '--home', home, 'serve', '--port', String(port)],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, LECTERN_PRINT_TOKEN: '1', LECTERN_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const { openUrl, token } = await waitForLink(child, () => output);
  await configure(`http://127.0.0.1:${port}`, token);
  return {
    url: `http://127.0.0.1:${port}`,
    openUrl,
    token,
    courseFolder,
    lectureTitle,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const exited = once(child, 'exit');
        const timeout = new Promise((resolve) => setTimeout(resolve, 10_000));
        await Promise.race([exited, timeout]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(root, { recursive: true, force: true });
      if (process.env.LECTERN_E2E_LOG) process.stdout.write(output);
    },
  };
}
