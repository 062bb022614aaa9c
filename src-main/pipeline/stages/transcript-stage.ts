import type { TranscriptSegment } from '../../api/contract.ts';
import { parseSubtitles } from '../../core/subtitles.ts';
import { replaceTranscript } from '../../store/lecture-content-store.ts';
import { findSidecar, readSidecar } from '../sidecar.ts';
import type { Stage } from '../stage.ts';
import path from 'node:path';
import { statSync } from 'node:fs';

interface TranscriptResult {
  segments: TranscriptSegment[];
  source: 'sidecar' | 'none';
  warnings: string[];
}

/**
 * The transcript: a sidecar subtitle with the same stem wins; otherwise none yet (the ASR
 * engine plugs in here). A malformed sidecar keeps what can be read and says what could not.
 */
export const transcriptStage: Stage<TranscriptResult> = {
  name: 'transcript',
  version: 1,
  dependsOn: [],
  settingsKey(ctx) {
    const sidecar = findSidecar(ctx.file);
    if (!sidecar) return 'sidecar=none';
    const info = statSync(sidecar);
    return `sidecar=${path.basename(sidecar)}:${info.size}:${Math.round(info.mtimeMs)}`;
  },
  async compute(ctx) {
    const sidecar = findSidecar(ctx.file);
    if (!sidecar) {
      const warnings = ctx.media.hasAudio
        ? ['no transcript: no sidecar .vtt/.srt next to the file and no speech model installed']
        : [];
      return { segments: [], source: 'none', warnings };
    }
    const { cues, problems } = parseSubtitles(await readSidecar(sidecar));
    const inRange = cues
      .filter((c) => c.start < ctx.media.duration + 1)
      .map((c) => ({ start: c.start, end: Math.min(c.end, ctx.media.duration), text: c.text }));
    const warnings: string[] = [];
    if (problems.length > 0) {
      warnings.push(
        `${path.basename(sidecar)}: ${problems.length} unreadable block(s), kept ${inRange.length} cue(s) (first: ${problems[0]})`,
      );
    }
    if (inRange.length === 0) warnings.push(`${path.basename(sidecar)} has no usable cues`);
    ctx.progress(1, 1);
    return { segments: inRange, source: 'sidecar', warnings };
  },
  persist(ctx, result) {
    replaceTranscript(ctx.db, ctx.lectureId, result.segments, result.source);
  },
  summarize: (result) => ({ source: result.source, segments: result.segments.length, warnings: result.warnings }),
};
