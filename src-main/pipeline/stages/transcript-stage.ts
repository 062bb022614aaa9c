import { statSync } from 'node:fs';
import path from 'node:path';
import type { TranscriptSegment } from '../../core/domain-types.ts';
import { parseSubtitles } from '../../core/subtitles.ts';
import { transcribeMedia, type AsrResumePoint, type AsrSegment } from '../../engines/asr/index.ts';
import { defaultAsrModel, findModel, resolveModel } from '../../models/index.ts';
import { appendTranscript, readTranscript, replaceTranscript } from '../../store/lecture-content-store.ts';
import { replaceVectors } from '../../store/vectors-store.ts';
import { findSidecar, readSidecar } from '../sidecar.ts';
import type { Stage, StageContext, StageCursor } from '../stage.ts';

interface TranscriptResult {
  segments: TranscriptSegment[];
  source: 'sidecar' | 'asr' | 'none';
  /** Already stored batch by batch as speech recognition went (persist then has nothing to write). */
  streamed: boolean;
  /** Whether this run continued one that was stopped (killed, paused) part-way. */
  resumed: boolean;
  warnings: string[];
}

/** A speech recognition run's cursor: the engine's resume point and the segments stored so far. */
type AsrCursor = StageCursor & { resume: AsrResumePoint; stored: number };

const cleanSegments = (segments: readonly AsrSegment[]): TranscriptSegment[] =>
  segments.map((s) => ({ start: s.start, end: s.end, text: s.text.trim() })).filter((s) => s.text);

/**
 * Speech recognition, stored as it goes: each chunk whisper settles is appended (and so becomes
 * searchable) in one transaction with the point to resume from. A run killed part-way continues
 * from its last stored chunk with the same chunks an unbroken run uses, so it ends the same.
 */
async function transcribeStreaming(ctx: StageContext, modelPath: string): Promise<TranscriptResult> {
  const checkpoint = ctx.checkpoint;
  const previous = checkpoint?.previous as AsrCursor | undefined;
  const kept = previous ? readTranscript(ctx.db, ctx.lectureId).slice(0, previous.stored) : [];
  let stored = kept.length;
  if (checkpoint && !previous) {
    const start: AsrCursor = { covered: 0, resume: { nextStart: 0, committedUntil: 0, language: null }, stored: 0 };
    checkpoint.begin(start, () => {
      // The old transcript and the windows embedded from it describe what is being replaced.
      replaceTranscript(ctx.db, ctx.lectureId, [], 'asr');
      replaceVectors(ctx.db, ctx.lectureId, 'window', []);
    });
  }
  const fresh: TranscriptSegment[] = [];
  const transcribe = ctx.transcribe ?? transcribeMedia;
  await transcribe(ctx.file, {
    modelPath,
    signal: ctx.signal,
    resumeFrom: previous?.resume,
    onProgress: (done, total) => ctx.progress(done, total),
    onCommit: (segments, resume) => {
      const batch = cleanSegments(segments);
      const from = stored;
      checkpoint?.save({ covered: resume.nextStart, resume, stored: from + batch.length }, () =>
        appendTranscript(ctx.db, ctx.lectureId, from, batch, 'asr'),
      );
      stored += batch.length;
      fresh.push(...batch);
    },
  });
  const streamed = checkpoint !== undefined;
  return { segments: [...kept, ...fresh], source: 'asr', streamed, resumed: Boolean(previous), warnings: [] };
}

/**
 * Where the transcript comes from: a sidecar with the same stem wins (unless the settings ask to
 * transcribe anyway and a speech model is installed), else the chosen or best installed speech model.
 */
function transcriptSource(ctx: StageContext): { sidecar: string } | { model: string; file: string } | null {
  const sidecar = findSidecar(ctx.file);
  const chosen = ctx.settings.speechModel;
  const model =
    ctx.media.hasAudio && (!sidecar || ctx.settings.transcribeDespiteSidecar)
      ? chosen && findModel(ctx.dataDir, chosen)?.status === 'installed'
        ? chosen
        : defaultAsrModel(ctx.dataDir)
      : null;
  if (model) return { model, file: resolveModel(model, ctx.dataDir) };
  return sidecar ? { sidecar } : null;
}

/**
 * The transcript: a sidecar subtitle with the same stem wins; otherwise whisper.cpp with the
 * installed speech model. A malformed sidecar keeps what can be read and says what could not.
 */
export const transcriptStage: Stage<TranscriptResult> = {
  name: 'transcript',
  version: 2,
  dependsOn: [],
  runsBeside: (ctx) => {
    const source = transcriptSource(ctx);
    return source !== null && 'model' in source;
  },
  settingsKey(ctx) {
    const source = transcriptSource(ctx);
    if (!source) return 'none';
    const file = 'sidecar' in source ? source.sidecar : source.file;
    const info = statSync(file);
    const what = 'sidecar' in source ? 'sidecar' : `asr:${source.model}`;
    return `${what}=${path.basename(file)}:${info.size}:${Math.round(info.mtimeMs)}`;
  },
  async compute(ctx) {
    const source = transcriptSource(ctx);
    if (!source) {
      const warnings = ctx.media.hasAudio
        ? [
            'no transcript: no sidecar .vtt/.srt next to the file and no speech model installed (`lectern models install base.en`)',
          ]
        : [];
      return { segments: [], source: 'none', streamed: false, resumed: false, warnings };
    }
    if ('model' in source) return transcribeStreaming(ctx, source.file);
    const { cues, problems } = parseSubtitles(await readSidecar(source.sidecar));
    const inRange = cues
      .filter((c) => c.start < ctx.media.duration + 1)
      .map((c) => ({ start: c.start, end: Math.min(c.end, ctx.media.duration), text: c.text }));
    const name = path.basename(source.sidecar);
    const warnings: string[] = [];
    if (problems.length > 0) {
      warnings.push(
        `${name}: ${problems.length} unreadable block(s), kept ${inRange.length} cue(s) (first: ${problems[0]})`,
      );
    }
    if (inRange.length === 0) warnings.push(`${name} has no usable cues`);
    ctx.progress(1, 1);
    return { segments: inRange, source: 'sidecar', streamed: false, resumed: false, warnings };
  },
  persist(ctx, result) {
    if (!result.streamed) replaceTranscript(ctx.db, ctx.lectureId, result.segments, result.source);
  },
  summarize: (result) => ({
    source: result.source,
    segments: result.segments.length,
    ...(result.resumed ? { resumed: true } : {}),
    warnings: result.warnings,
  }),
};
