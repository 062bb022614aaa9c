// How the search box's keys move through its result list, decided from the key alone so the
// stepping can be tested without a window.

/** Results shown at first: enough to pick from at a glance; the rest on request. */
export const FIRST_SHOWN = 5;

export type ResultKeyOutcome =
  { kind: 'step'; active: number } | { kind: 'jump'; active: number } | { kind: 'close' } | { kind: 'none' };

/**
 * What a key does with `shown` results on screen and `active` highlighted: arrows step (and stop
 * at either end), Enter jumps to the highlighted one, Escape closes. Other keys (Home and End
 * included) stay the text box's.
 */
export function resultKey(key: string, active: number, shown: number): ResultKeyOutcome {
  const last = Math.max(0, shown - 1);
  const at = Math.min(Math.max(0, active), last);
  switch (key) {
    case 'ArrowDown':
      return { kind: 'step', active: Math.min(at + 1, last) };
    case 'ArrowUp':
      return { kind: 'step', active: Math.max(at - 1, 0) };
    case 'Enter':
      return { kind: 'jump', active: at };
    case 'Escape':
      return { kind: 'close' };
    default:
      return { kind: 'none' };
  }
}
