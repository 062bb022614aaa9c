import { formatCueTime } from './timestamp.ts';

export interface CueSource {
  start: number;
  end: number;
  text: string;
}

/** Shortest cue kept when a source span has no length (a player skips zero-length cues). */
const MIN_CUE = 0.5;

/**
 * Cues a player accepts: finite times, start at or after 0, end after start (a span without
 * length is given MIN_CUE, cut at the next cue), text on one line, empty ones dropped, in time order.
 */
export function playableCues(items: readonly CueSource[]): CueSource[] {
  const cues = items
    .filter((c) => Number.isFinite(c.start) && Number.isFinite(c.end))
    .map((c) => ({ start: Math.max(0, c.start), end: Math.max(0, c.end), text: c.text.replace(/\s+/g, ' ').trim() }))
    .filter((c) => c.text)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  return cues.map((c, i) => {
    if (c.end - c.start >= 0.001) return c;
    const next = cues.slice(i + 1).find((n) => n.start > c.start);
    return { ...c, end: Math.min(c.start + MIN_CUE, next ? next.start : Infinity) };
  });
}

/** Cue text as WebVTT wants it: `&`, `<` and `>` as character references (so `-->` cannot appear). */
function vttText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function renderVtt(cues: readonly CueSource[]): string {
  const blocks = playableCues(cues).map(
    (c, i) => `${i + 1}\n${formatCueTime(c.start)} --> ${formatCueTime(c.end)}\n${vttText(c.text)}`,
  );
  return `WEBVTT\n\n${blocks.join('\n\n')}${blocks.length ? '\n' : ''}`;
}

/** The transcript as a WebVTT captions/subtitles file. */
export function renderTranscriptVtt(transcript: readonly CueSource[]): string {
  return renderVtt(transcript);
}

/** The chapters as a WebVTT chapters track (`<track kind="chapters">`): one cue per chapter, its title as the text. */
export function renderChaptersVtt(chapters: ReadonlyArray<{ start: number; end: number; title: string }>): string {
  return renderVtt(chapters.map((c) => ({ start: c.start, end: c.end, text: c.title.trim() || 'Untitled' })));
}
