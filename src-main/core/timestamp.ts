/** Formats seconds as hh:mm:ss (or mm:ss when `short` and under an hour). */
export function formatClock(seconds: number, short = false): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (short && h === 0) return `${two(m)}:${two(s)}`;
  return `${two(h)}:${two(m)}:${two(s)}`;
}

/** Formats seconds as a subtitle cue time: hh:mm:ss.mmm (VTT) or hh:mm:ss,mmm (SRT). */
export function formatCueTime(seconds: number, separator: '.' | ',' = '.'): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const rest = ms % 1000;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(rest, 3)}`;
}

/** Parses "hh:mm:ss.mmm", "mm:ss.mmm" or "hh:mm:ss,mmm". Returns NaN when malformed. */
export function parseCueTime(text: string): number {
  const match = /^(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?$/.exec(text.trim());
  if (!match) return Number.NaN;
  const [, h, m, s, frac] = match;
  const minutes = Number(m);
  const secs = Number(s);
  if (minutes > 59 || secs > 59) return Number.NaN;
  const millis = frac ? Number(frac.padEnd(3, '0')) : 0;
  return Number(h ?? 0) * 3600 + minutes * 60 + secs + millis / 1000;
}
