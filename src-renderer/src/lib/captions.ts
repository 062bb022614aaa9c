// The transcript as a WebVTT captions track for the player (served as a blob: URL).

export interface Cue {
  start: number;
  end: number;
  text: string;
}

function cueTime(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

/** WebVTT text for the cues; text that could end a cue early (`-->`, blank lines) is made safe. */
export function toWebVtt(cues: ReadonlyArray<Cue>): string {
  const body = cues
    .filter((c) => c.end > c.start && c.text.trim())
    .map((c) => {
      const text = c.text
        .replace(/-->/g, '→')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/\n\s*\n/g, '\n')
        .trim();
      return `${cueTime(c.start)} --> ${cueTime(c.end)}\n${text}`;
    });
  return `WEBVTT\n\n${body.join('\n\n')}\n`;
}
