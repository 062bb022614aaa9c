import { statSync } from 'node:fs';
import path from 'node:path';
import type { TranscriptSegment } from '../../core/domain-types.ts';
import { parseSubtitles } from '../../core/subtitles.ts';
import { transcribeMedia } from '../../engines/asr/index.ts';
import { defaultAsrModel, findModel, resolveModel } from '../../models/index.ts';
import { replaceTranscript } from '../../store/lecture-content-store.ts';
import { findSidecar, readSidecar } from '../sidecar.ts';
import type { Stage, StageContext } from '../stage.ts';

interface TranscriptResult {
  segments: TranscriptSegment[];
  source: 'sidecar' | 'asr' | 'none';
  warnings: string[];
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
      return { segments: [], source: 'none', warnings };
    }
    if ('model' in source) {
      const result = await transcribeMedia(ctx.file, {
        modelPath: source.file,
        signal: ctx.signal,
        onProgress: (done, total) => ctx.progress(done, total),
      });
      const segments = result.segments
        .map((s) => ({ start: s.start, end: s.end, text: s.text.trim() }))
        .filter((s) => s.text);
      return { segments, source: 'asr', warnings: [] };
    }
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
    return { segments: inRange, source: 'sidecar', warnings };
  },
  persist(ctx, result) {
    replaceTranscript(ctx.db, ctx.lectureId, result.segments, result.source);
  },
  summarize: (result) => ({ source: result.source, segments: result.segments.length, warnings: result.warnings }),
};
