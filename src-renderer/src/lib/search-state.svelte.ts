import type { LecternApi, Moment } from '../../../src-main/api/contract.ts';
import { toApiError, type ApiError } from '../api.ts';
import { markedWords } from './highlight.ts';

export type SearchScope = 'lecture' | 'library';

/**
 * The one search box's state: the query, where it looks, and the latest results. Shared by
 * the box (the list) and the lecture view (markers on the timeline).
 */
export class SearchState {
  query = $state('');
  scope = $state<SearchScope>('lecture');
  /** The lecture on screen, if any: scope 'lecture' searches it. */
  lectureId = $state<number | null>(null);
  results = $state<Moment[]>([]);
  /** The query and scope `results` answer (empty when none yet). */
  answered = $state('');
  pending = $state(false);
  error = $state<ApiError | null>(null);
  private sequence = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly api: LecternApi) {}

  get effectiveScope(): SearchScope {
    return this.lectureId === null ? 'library' : this.scope;
  }

  private key(): string {
    return `${this.effectiveScope}:${this.lectureId ?? ''}:${this.query.trim()}`;
  }

  /** Whether `results` answer the words and scope now in the box (not an earlier query's). */
  get answersQuery(): boolean {
    return !this.query.trim() || this.answered === this.key();
  }

  /** The question's words the results marked (the transcript marks them too). */
  readonly markedWords = $derived(markedWords(this.results));

  /** Results for the lecture on screen (the timeline's markers). */
  get markers(): Moment[] {
    if (this.lectureId === null) return [];
    return this.results.filter((m) => m.lectureId === this.lectureId);
  }

  /** Searches after a short pause in typing. */
  schedule(delay = 180): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), delay);
  }

  /** Searches now (or reuses the answer already on screen) and returns the results. */
  async run(): Promise<Moment[]> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const query = this.query.trim();
    const key = this.key();
    if (!query) {
      this.results = [];
      this.answered = '';
      this.error = null;
      this.pending = false;
      return [];
    }
    if (key === this.answered && !this.error) return this.results;
    const mine = ++this.sequence;
    this.pending = true;
    try {
      const scoped = this.effectiveScope === 'lecture' && this.lectureId !== null;
      const results = await this.api.search({ query, limit: 30, ...(scoped ? { lectureId: this.lectureId! } : {}) });
      if (mine !== this.sequence) return results;
      this.results = results;
      this.answered = key;
      this.error = null;
      return results;
    } catch (error) {
      if (mine === this.sequence) {
        this.error = toApiError(error);
        this.results = [];
        this.answered = key;
      }
      return [];
    } finally {
      if (mine === this.sequence) this.pending = false;
    }
  }

  clear(): void {
    this.query = '';
    void this.run();
  }
}
