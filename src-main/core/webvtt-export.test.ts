import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { playableCues, renderChaptersVtt, renderTranscriptVtt } from './webvtt-export.ts';

// webvtt-parser implements the W3C WebVTT parsing algorithm and reports what a validator would.
interface VttCue {
  id: string;
  startTime: number;
  endTime: number;
  text: string;
}
interface VttTree {
  cues: VttCue[];
  errors: Array<{ message: string; line: number }>;
}
const require = createRequire(import.meta.url);
const { WebVTTParser } = require('webvtt-parser') as {
  WebVTTParser: new (entities?: Record<string, string>) => {
    parse(input: string, mode: 'subtitles' | 'chapters' | 'metadata'): VttTree;
  };
};
// The full HTML entity table, as the parser's README advises for spec-compliant decoding.
const ENTITIES = require('webvtt-parser/html-entities.json') as Record<string, string>;
const parse = (vtt: string, mode: 'subtitles' | 'chapters') => new WebVTTParser(ENTITIES).parse(vtt, mode);

describe('renderChaptersVtt', () => {
  const chapters = [
    { start: 0, end: 95.5, title: 'Eigenvalues & <Eigenvectors>' },
    { start: 95.5, end: 3725.25, title: 'QR --> iteration' },
    { start: 3725.25, end: 3800, title: '   ' },
  ];
  const vtt = renderChaptersVtt(chapters);

  it('is a valid WebVTT chapters track: one cue per chapter, its title as the text', () => {
    const tree = parse(vtt, 'chapters');
    expect(tree.errors).toEqual([]);
    expect(tree.cues.map((c) => [c.startTime, c.endTime, c.text])).toEqual([
      [0, 95.5, 'Eigenvalues &amp; &lt;Eigenvectors&gt;'],
      [95.5, 3725.25, 'QR --&gt; iteration'],
      [3725.25, 3800, 'Untitled'],
    ]);
    expect(tree.cues.map((c) => c.id)).toEqual(['1', '2', '3']);
    expect(vtt.startsWith('WEBVTT\n\n1\n00:00:00.000 --> 00:01:35.500\n')).toBe(true);
    expect(vtt).toContain('00:01:35.500 --> 01:02:05.250');
  });

  it('shows the titles as a browser would (entities decoded)', () => {
    // What the parser's cue text tree holds once the character references are read.
    const tree = parse(vtt, 'chapters') as VttTree & {
      cues: Array<VttCue & { tree: { children: Array<{ value?: string }> } }>;
    };
    expect(tree.cues[0].tree.children.map((n) => n.value).join('')).toBe('Eigenvalues & <Eigenvectors>');
  });
});

describe('renderTranscriptVtt', () => {
  it('writes every spoken segment as a valid subtitle cue, fixing spans a player would drop', () => {
    const vtt = renderTranscriptVtt([
      { start: 3.2, end: 7.9, text: 'We factor once.\n\nThen solve twice.' },
      { start: 10, end: 10, text: 'Zero-length.' },
      { start: 10.2, end: 12, text: 'Next.' },
      { start: 14, end: 15, text: '   ' },
      { start: Number.NaN, end: 3, text: 'Broken.' },
    ]);
    const tree = parse(vtt, 'subtitles');
    expect(tree.errors).toEqual([]);
    expect(tree.cues.map((c) => [c.startTime, c.endTime, c.text])).toEqual([
      [3.2, 7.9, 'We factor once. Then solve twice.'],
      [10, 10.2, 'Zero-length.'],
      [10.2, 12, 'Next.'],
    ]);
  });

  it('writes a valid empty file when nothing was said', () => {
    const tree = parse(renderTranscriptVtt([]), 'subtitles');
    expect(tree.errors).toEqual([]);
    expect(tree.cues).toEqual([]);
  });
});

describe('playableCues', () => {
  it('orders cues by time and gives a zero-length last cue half a second', () => {
    expect(
      playableCues([
        { start: 5, end: 5, text: 'b' },
        { start: 1, end: 2, text: 'a' },
      ]),
    ).toEqual([
      { start: 1, end: 2, text: 'a' },
      { start: 5, end: 5.5, text: 'b' },
    ]);
  });
});
