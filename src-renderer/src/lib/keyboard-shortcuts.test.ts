import { describe, expect, it } from 'vitest';
import { isTypingTarget, shortcutFor, type KeyLike } from './keyboard-shortcuts.ts';

const press = (key: string, target: object | null = { tagName: 'BODY' }, mods: Partial<KeyLike> = {}): KeyLike => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target: target as EventTarget | null,
  ...mods,
});

describe('shortcutFor', () => {
  it('maps the documented keys on the page', () => {
    expect(shortcutFor(press('/'))).toBe('focus-search');
    expect(shortcutFor(press('j'))).toBe('next-chapter');
    expect(shortcutFor(press('k'))).toBe('previous-chapter');
    expect(shortcutFor(press(' '))).toBe('play-pause');
    expect(shortcutFor(press('ArrowLeft'))).toBe('seek-back');
    expect(shortcutFor(press('ArrowRight'))).toBe('seek-forward');
    expect(shortcutFor(press('x'))).toBeNull();
  });

  it('leaves every key alone while typing in a field', () => {
    const field = { tagName: 'INPUT', type: 'search' };
    expect(shortcutFor(press('/', field))).toBeNull();
    expect(shortcutFor(press('j', field))).toBeNull();
    expect(shortcutFor(press(' ', { tagName: 'TEXTAREA' }))).toBeNull();
    expect(shortcutFor(press('k', { tagName: 'DIV', isContentEditable: true }))).toBeNull();
  });

  it('ignores keys pressed with a modifier', () => {
    expect(shortcutFor(press('j', undefined, { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(press('/', undefined, { metaKey: true }))).toBeNull();
  });

  it('lets a focused button keep space and the video keep its own keys', () => {
    expect(shortcutFor(press(' ', { tagName: 'BUTTON' }))).toBeNull();
    expect(shortcutFor(press('j', { tagName: 'BUTTON' }))).toBe('next-chapter');
    expect(shortcutFor(press('ArrowLeft', { tagName: 'VIDEO' }))).toBeNull();
  });
});

describe('isTypingTarget', () => {
  it('counts text fields but not checkboxes or buttons', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'text' } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' } as unknown as EventTarget)).toBe(false);
    expect(isTypingTarget({ tagName: 'BUTTON' } as unknown as EventTarget)).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
