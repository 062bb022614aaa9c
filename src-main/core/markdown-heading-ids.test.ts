import GithubSlugger, { slug } from 'github-slugger';
import { describe, expect, it } from 'vitest';
import { HeadingIds, headingId } from './markdown-heading-ids.ts';

const HEADINGS = [
  '[00:00:00] Why factor [once]',
  '[01:02:03] Eigenvalues & Eigenvectors: A v = λ v',
  'Lecture 2 - Linear algebra',
  'theory_of_computation',
  'Ünïcödé — “quotes” and ‘apostrophes’',
  'Ω-notation, Big-O & friends!',
  'C++ / C# / F#',
  '日本語の講義 第3回',
  'Emoji 🎉 party',
  'Tabs\tand  double  spaces',
  'Trailing punctuation...',
  '  leading space',
  '100% of $5 (approx.)',
  'naïve Bayes',
  'x² + y² = r²',
];

describe('heading ids', () => {
  it('match the ids GitHub generates (github-slugger) for each heading', () => {
    for (const heading of HEADINGS) expect(headingId(heading), heading).toBe(slug(heading));
  });

  it('number repeated headings the way GitHub does', () => {
    const ours = new HeadingIds();
    const github = new GithubSlugger();
    const repeated = ['Intro', 'Intro', 'Intro-1', 'Intro', 'intro', 'Summary', 'Intro 1', 'Intro'];
    for (const heading of repeated) expect(ours.next(heading), heading).toBe(github.slug(heading));
  });
});
