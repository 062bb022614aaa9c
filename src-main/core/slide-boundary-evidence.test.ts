import { describe, expect, it } from 'vitest';
import { agendaItems, slideChangeEvidence, type EvidenceSlide } from './slide-boundary-evidence.ts';

const slide = (start: number, title: string | null, text = title ?? ''): EvidenceSlide => ({
  start,
  end: start + 60,
  title,
  text,
});

describe('slideChangeEvidence', () => {
  it('tells a new title from one that continues', () => {
    const evidence = slideChangeEvidence([
      slide(0, 'Sorting algorithms', 'Sorting algorithms\nbubble sort is slow\nmerge sort is fast'),
      slide(60, 'Sorting algorithms (cont.)', 'Sorting algorithms (cont.)\nquick sort partitions the array'),
      slide(120, 'Sorting algorithms', 'Sorting algorithms\nheap sort uses a heap of the items'),
      slide(180, 'Graph search', 'Graph search\nbreadth first search visits by layers'),
    ]);
    expect(evidence.map((e) => e.time)).toEqual([60, 120, 180]);
    expect(evidence.map((e) => e.titleChange)).toEqual([0, 0, 1]);
  });

  it('marks a slide with a title and hardly anything else as a section divider', () => {
    const evidence = slideChangeEvidence([
      slide(0, 'Intro', 'Intro\nwhat this course covers and how it is graded in detail'),
      slide(60, 'Part 2: Search', 'Part 2: Search'),
    ]);
    expect(evidence[0].divider).toBe(1);
  });

  it('finds the slides an agenda announced, and returns to a slide shown before', () => {
    const slides = [
      slide(0, 'Outline', 'Outline\n- Binary heaps\n- Priority queues\n- Heap sort'),
      slide(60, 'Binary heaps', 'Binary heaps\na complete tree stored in an array'),
      slide(120, 'Array layout', 'Array layout\nchildren of node i sit at 2i and 2i+1'),
      slide(180, 'Outline', 'Outline\n- Binary heaps\n- Priority queues\n- Heap sort'),
      slide(240, 'Priority queues', 'Priority queues\ninsert and extract the maximum'),
    ];
    expect(agendaItems(slides)).toHaveLength(6); // three items, the outline shown twice
    const evidence = slideChangeEvidence(slides);
    expect(evidence.map((e) => e.agendaItem)).toEqual([1, 0, 0, 1]);
    expect(evidence.map((e) => e.slideReturn)).toEqual([0, 0, 1, 0]);
  });

  it('is unsure (0.5) about a title change when a slide has no title', () => {
    expect(slideChangeEvidence([slide(0, null, 'a photo'), slide(60, 'Results')])[0].titleChange).toBe(0.5);
  });
});
