import { formatCueTime } from './timestamp.ts';
import { playableCues, type CueSource } from './webvtt-export.ts';

/** The transcript as SubRip (.srt): numbered cues, `hh:mm:ss,mmm` times, CRLF-free, one blank line between cues. */
export function renderTranscriptSrt(transcript: readonly CueSource[]): string {
  const blocks = playableCues(transcript).map(
    (c, i) => `${i + 1}\n${formatCueTime(c.start, ',')} --> ${formatCueTime(c.end, ',')}\n${c.text}`,
  );
  return blocks.length ? `${blocks.join('\n\n')}\n` : '';
}
