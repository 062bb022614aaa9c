import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UserError } from '../../core/user-error.ts';
import type { ChildMessage, ParentMessage, RawSegment } from './whisper-protocol.ts';

/**
 * The child entry next to this module: the .ts source under tsx/vitest (run through tsx's
 * loader), or a built whisper-child.mjs beside the bundle (the build must emit it, as it does
 * for the embed worker).
 */
function childEntry(): { file: string; execArgv: string[] } {
  const candidates = ['./whisper-child.ts', './whisper-child.mjs', './whisper-child.js'].map((p) =>
    fileURLToPath(new URL(p, import.meta.url)),
  );
  const file = candidates.find((candidate) => existsSync(candidate));
  if (!file) throw new Error(`whisper-child entry not found next to ${import.meta.url}`);
  if (!file.endsWith('.ts')) return { file, execArgv: [] };
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { file, execArgv: ['--import', tsx] };
}

const BINDING_HINT =
  'The whisper.cpp binding is built by `npm install` (scripts/build-whisper.mjs); run `node scripts/build-whisper.mjs --force` to rebuild it (needs g++, make and python3).';

interface Pending {
  resolve: (segments: RawSegment[]) => void;
  reject: (error: Error) => void;
  onSegment: (segment: RawSegment) => void;
}

/**
 * A whisper.cpp model loaded in its own process. A crash there (a segfault in the native code)
 * rejects the pending call with a UserError instead of taking the caller down; `close()` (also
 * used to abort) kills the process at once, whatever it is doing.
 */
export class WhisperProcess {
  private stderr = '';
  private exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private closing = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private loadWaiter: { resolve: () => void; reject: (error: Error) => void } | null = null;

  private constructor(
    private readonly child: ChildProcess,
    private readonly modelPath: string,
  ) {
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-6000);
    });
    child.on('message', (message: ChildMessage) => this.onMessage(message));
    child.on('exit', (code, signal) => {
      this.exit = { code, signal };
      this.failAll(this.crashError());
    });
    child.on('error', (error) => this.failAll(error));
  }

  /** Starts the process and loads the model (validate the file first: see whisper-model-file). */
  static async start(modelPath: string): Promise<WhisperProcess> {
    const { file, execArgv } = childEntry();
    const env = { ...process.env };
    if (process.versions.electron) env.ELECTRON_RUN_AS_NODE = '1';
    const child = fork(file, [], {
      execArgv,
      env,
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const whisper = new WhisperProcess(child, modelPath);
    try {
      await new Promise<void>((resolve, reject) => {
        whisper.loadWaiter = { resolve, reject };
        whisper.send({ type: 'load', modelPath });
      });
    } catch (error) {
      await whisper.close();
      throw error;
    }
    return whisper;
  }

  /** Transcribes 16 kHz mono samples; segments arrive through `onSegment` as they are decoded. */
  transcribe(
    pcm: Float32Array,
    language: string,
    threads: number,
    onSegment: (segment: RawSegment) => void,
  ): Promise<RawSegment[]> {
    if (this.exit || this.closing) return Promise.reject(this.crashError());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onSegment });
      this.send({ type: 'transcribe', id, pcm, language, threads });
    });
  }

  /** Kills the process (immediately, also mid-transcription) and waits until it is gone. */
  async close(): Promise<void> {
    this.closing = true;
    this.failAll(new UserError('cancelled', 'Transcription was cancelled.'));
    if (this.exit) return;
    await new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGKILL');
    });
  }

  private send(message: ParentMessage): void {
    this.child.send(message, (error) => {
      if (error && !this.exit) this.failAll(error);
    });
  }

  private onMessage(message: ChildMessage): void {
    switch (message.type) {
      case 'loaded':
        this.loadWaiter?.resolve();
        this.loadWaiter = null;
        return;
      case 'segment':
        this.pending.get(message.id)?.onSegment(message.segment);
        return;
      case 'done': {
        const entry = this.pending.get(message.id);
        this.pending.delete(message.id);
        entry?.resolve(message.segments);
        return;
      }
      case 'failed': {
        const error =
          message.code === 'asr-binding-missing'
            ? new UserError(
                'asr-binding-missing',
                'The whisper.cpp binding (smart-whisper) is not built.',
                BINDING_HINT,
              )
            : new UserError(
                message.code,
                `Speech recognition failed with ${this.modelPath}: ${message.message}.`,
                'Check that the model file is a whisper.cpp ggml model, or re-install it with `lectern models install`.',
              );
        if (message.id === undefined) {
          if (this.loadWaiter) {
            this.loadWaiter.reject(error);
            this.loadWaiter = null;
          } else this.failAll(error);
          return;
        }
        const entry = this.pending.get(message.id);
        this.pending.delete(message.id);
        entry?.reject(error);
        return;
      }
    }
  }

  private crashError(): UserError {
    if (this.closing) return new UserError('cancelled', 'Transcription was cancelled.');
    const how = this.exit?.signal ? `signal ${this.exit.signal}` : `exit code ${this.exit?.code ?? 'unknown'}`;
    const lastLine =
      this.stderr
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .pop() ?? '';
    return new UserError(
      'asr-crashed',
      `whisper.cpp stopped unexpectedly (${how}) with model ${this.modelPath}${lastLine ? `: ${lastLine}` : ''}.`,
      'The model file may be damaged or not a whisper.cpp model: re-install it with `lectern models install <name>` or try another model.',
    );
  }

  private failAll(error: Error): void {
    if (this.loadWaiter) {
      this.loadWaiter.reject(error);
      this.loadWaiter = null;
    }
    for (const entry of this.pending.values()) entry.reject(error);
    this.pending.clear();
  }
}
