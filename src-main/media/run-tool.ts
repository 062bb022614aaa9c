import { spawn, type ChildProcess } from 'node:child_process';

export interface ToolResult {
  stdout: Buffer;
  stderr: string;
  code: number | null;
}

/** Runs a command to completion, collecting stdout (bytes) and the tail of stderr; `input` goes to its stdin. */
export function runTool(
  command: string,
  args: string[],
  options: { signal?: AbortSignal; input?: Buffer } = {},
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const { input, signal } = options;
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], signal });
    child.stdin.on('error', () => undefined); // the tool may stop reading early (a bad input); its exit code says so
    child.stdin.end(input); // no input: stdin is at its end at once
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString()).slice(-8000);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout: Buffer.concat(out), stderr: err, code }));
  });
}

/** Last meaningful line of an ffmpeg/ffprobe error output, for user-facing messages. */
export function lastErrorLine(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines[lines.length - 1] ?? 'unknown error';
}

/** Kills a child and waits until it is gone. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('close', () => resolve());
    child.kill('SIGKILL');
  });
}
