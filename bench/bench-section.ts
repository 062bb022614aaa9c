/** What every bench file's `run()` returns: one table, plus notes in words. */
export interface BenchSection {
  name: string;
  rows: Array<Record<string, string | number>>;
  notes?: string[];
}
