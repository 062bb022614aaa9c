import { getContext, setContext } from 'svelte';
import type { LecternClient } from '../api.ts';
import type { LiveProgress } from './live-progress.svelte.ts';
import type { Notices } from './notices.svelte.ts';

/** What every view shares: the API client, the live progress, and the notices area. */
export interface AppContext {
  client: LecternClient;
  live: LiveProgress;
  notices: Notices;
}

const KEY = Symbol('lectern');

export function provideApp(context: AppContext): void {
  setContext(KEY, context);
}

export function useApp(): AppContext {
  return getContext<AppContext>(KEY);
}
