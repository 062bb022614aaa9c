// The window's keyboard shortcuts, decided from a key event alone so they can be tested.

export type Shortcut =
  'focus-search' | 'next-chapter' | 'previous-chapter' | 'play-pause' | 'seek-back' | 'seek-forward';

/** The parts of a KeyboardEvent this needs (a real event fits). */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
}

/** The parts of an element the check reads; DOM elements fit. */
interface ElementLike {
  tagName?: string;
  isContentEditable?: boolean;
  type?: string;
}

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'url', 'email', 'password', 'number', 'tel', '']);

/** True while the user is typing somewhere: shortcuts must leave those keys alone. */
export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as ElementLike | null;
  if (!el || typeof el.tagName !== 'string') return false;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select' || el.isContentEditable) return true;
  if (tag === 'input') return TEXT_INPUT_TYPES.has((el.type ?? '').toLowerCase());
  return false;
}

/** Elements that already do something with space or arrows; they keep those keys. */
function ownsKey(target: EventTarget | null, key: string): boolean {
  const tag = (target as ElementLike | null)?.tagName?.toLowerCase();
  if (tag === 'video' || tag === 'audio') return true;
  if (key === ' ' && (tag === 'button' || tag === 'a' || tag === 'summary' || tag === 'input')) return true;
  return false;
}

export function shortcutFor(event: KeyLike): Shortcut | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (isTypingTarget(event.target)) return null;
  if (ownsKey(event.target, event.key)) return null;
  switch (event.key) {
    case '/':
      return 'focus-search';
    case 'j':
      return 'next-chapter';
    case 'k':
      return 'previous-chapter';
    case ' ':
    case 'Spacebar':
      return 'play-pause';
    case 'ArrowLeft':
      return 'seek-back';
    case 'ArrowRight':
      return 'seek-forward';
    default:
      return null;
  }
}

/** What the shortcuts help shows. */
export const SHORTCUT_HELP: ReadonlyArray<{ keys: string; what: string }> = [
  { keys: '/', what: 'Search' },
  { keys: 'j / k', what: 'Next / previous chapter' },
  { keys: 'Space', what: 'Play / pause' },
  { keys: '← / →', what: 'Back / forward 5 seconds' },
];
