/**
 * The process that runs whisper.cpp (smart-whisper's native addon). It lives apart from the
 * caller so that a crash inside whisper.cpp (it segfaults on some bad models) ends only this
 * process; the parent turns that into a UserError. Started by whisper-process.ts.
 */
import { createRequire } from 'node:module';
import type { ChildMessage, ParentMessage, RawSegment } from './whisper-protocol.ts';

interface NativeToken {
  text: string;
  id: number;
  p: number;
  from?: number;
  to?: number;
}
interface NativeSegment {
  from: number;
  to: number;
  text: string;
  lang?: string;
  tokens?: NativeToken[];
}
interface NativeModel {
  readonly handle: unknown;
  free(): Promise<void>;
}
interface NativeBinding {
  WhisperModel: { load(file: string, gpu: boolean): Promise<NativeModel> };
  transcribe(
    handle: unknown,
    pcm: Float32Array,
    params: Record<string, unknown>,
    finish: (result: NativeSegment[] | Error) => void,
    progress: (segment: NativeSegment) => void,
  ): void;
}

const send = (message: ChildMessage) => process.send?.(message);

function loadBinding(): NativeBinding {
  const require = createRequire(import.meta.url);
  // The addon itself, not smart-whisper's index (which creates ~/.smart-whisper on import).
  return require('smart-whisper/build/Release/smart-whisper.node') as NativeBinding;
}

function toRaw(segment: NativeSegment): RawSegment {
  return {
    start: segment.from / 1000,
    end: segment.to / 1000,
    text: segment.text,
    language: segment.lang ?? '',
    tokens: (segment.tokens ?? []).map((token) => ({
      id: token.id,
      text: token.text,
      p: token.p,
      start: (token.from ?? segment.from) / 1000,
      end: (token.to ?? segment.to) / 1000,
    })),
  };
}

let binding: NativeBinding | null = null;
let model: NativeModel | null = null;

async function handle(message: ParentMessage): Promise<void> {
  if (message.type === 'load') {
    try {
      binding = loadBinding();
    } catch (error) {
      send({ type: 'failed', code: 'asr-binding-missing', message: (error as Error).message });
      return;
    }
    try {
      model = await binding.WhisperModel.load(message.modelPath, false);
      send({ type: 'loaded' });
    } catch (error) {
      send({ type: 'failed', code: 'asr-model-invalid', message: (error as Error).message });
    }
    return;
  }
  if (message.type === 'transcribe') {
    if (!binding || !model) {
      send({ type: 'failed', id: message.id, code: 'asr-not-loaded', message: 'no model loaded' });
      return;
    }
    const { id } = message;
    const params = {
      language: message.language,
      n_threads: message.threads,
      strategy: 0, // greedy (with whisper's temperature fallback)
      format: 'detail',
      token_timestamps: true,
      // No text carried from one 30 s window into the next (whisper.cpp's `no_context` only
      // clears it between calls; n_max_text_ctx = 0 stops it within a call, as the CLI's -mc 0).
      no_context: true,
      n_max_text_ctx: 0,
      suppress_non_speech_tokens: true,
      print_progress: false,
      print_realtime: false,
      print_timestamps: false,
    };
    binding.transcribe(
      model.handle,
      message.pcm,
      params,
      (result) => {
        if (Array.isArray(result)) send({ type: 'done', id, segments: result.map(toRaw) });
        else send({ type: 'failed', id, code: 'asr-failed', message: String(result?.message ?? result) });
      },
      (segment) => send({ type: 'segment', id, segment: toRaw(segment) }),
    );
  }
}

process.on('message', (message: ParentMessage) => {
  handle(message).catch((error: Error) => send({ type: 'failed', code: 'asr-failed', message: error.message }));
});
// The parent going away (killed, crashed) must not leave this process running.
process.on('disconnect', () => process.exit(0));
// Ctrl-C in a terminal reaches the whole process group: the parent decides (it aborts and
// kills this process), so a keypress is not mistaken for a crash.
process.on('SIGINT', () => {});
