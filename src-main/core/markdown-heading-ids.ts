/**
 * The ids GitHub gives Markdown headings (the same rule as the `github-slugger` package, which
 * the tests compare against): the heading's text lower-cased, every character that is not a
 * letter, mark, decimal digit, connector (`_`), hyphen or space dropped, each space turned
 * into a hyphen. A repeated id gets `-1`, `-2`, ... in document order.
 */
const DROPPED = /[^\p{L}\p{M}\p{Nd}\p{Pc}\- ]/gu;

export function headingId(text: string): string {
  return text.toLowerCase().replace(DROPPED, '').replace(/ /g, '-');
}

/** Hands out unique heading ids for one document, in the order its headings appear. */
export class HeadingIds {
  private readonly seen = new Map<string, number>();

  next(text: string): string {
    const base = headingId(text);
    let id = base;
    while (this.seen.has(id)) {
      const count = (this.seen.get(base) ?? 0) + 1;
      this.seen.set(base, count);
      id = `${base}-${count}`;
    }
    this.seen.set(id, 0);
    return id;
  }
}
