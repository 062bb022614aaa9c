/** The distinct texts of a list, in first-seen order, and where each original text sits among them. */
export function uniqueTexts(texts: readonly string[]): { unique: string[]; indexOf: number[] } {
  const position = new Map<string, number>();
  const unique: string[] = [];
  const indexOf = texts.map((text) => {
    let at = position.get(text);
    if (at === undefined) {
      at = unique.length;
      position.set(text, at);
      unique.push(text);
    }
    return at;
  });
  return { unique, indexOf };
}
