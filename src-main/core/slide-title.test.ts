import { describe, expect, it } from 'vitest';
import {
  chooseSlideTitle,
  cleanLineText,
  cleanTitle,
  confidentLines,
  isInflatedBox,
  isNoiseLine,
  isPageNumber,
  isUrlLine,
  letterSize,
  slideText,
  sortReadingOrder,
  type SlideTextLine,
} from './slide-title.ts';

const frame = { width: 1280, height: 720 };

function line(text: string, x: number, y: number, width: number, height: number, confidence = 0.95): SlideTextLine {
  return { text, confidence, box: { x, y, width, height } };
}

describe('cleanLineText', () => {
  it('drops bullets tesseract reads as marks and stray marks after the last word', () => {
    expect(cleanLineText('• Fast reaction')).toBe('Fast reaction');
    expect(cleanLineText('o MHC genes (CIITA)')).toBe('MHC genes (CIITA)');
    expect(cleanLineText('» Herpesviridae')).toBe('Herpesviridae');
    expect(cleanLineText('Body Movement >')).toBe('Body Movement');
    expect(cleanLineText('Jarrod Knibbe  _—')).toBe('Jarrod Knibbe');
  });

  it('keeps ordinary punctuation, ellipses and inner spacing normalised', () => {
    expect(cleanLineText('  Accurate   aiming, ...')).toBe('Accurate aiming, ...');
    expect(cleanLineText('Why First Person Shooters?')).toBe('Why First Person Shooters?');
    expect(cleanLineText('“Gosu”')).toBe('"Gosu"');
    expect(cleanLineText('12.5% of E-mail')).toBe('12.5% of E-mail');
  });
});

describe('noise, page numbers and URLs', () => {
  it('treats one- and two-character readings and symbol runs as noise', () => {
    expect(isNoiseLine('=)')).toBe(true);
    expect(isNoiseLine('Al')).toBe(true);
    expect(isNoiseLine('_ — ~ | 3')).toBe(true);
    expect(isNoiseLine('NIH')).toBe(false);
    expect(isNoiseLine('Combat skills')).toBe(false);
  });

  it('recognises page numbers in their usual forms', () => {
    for (const text of ['12', '3/25', '3 / 25', 'Page 4', 'slide 7 of 30']) expect(isPageNumber(text)).toBe(true);
    for (const text of ['2-5-13', 'Chapter 4 results', '1987 revisited']) expect(isPageNumber(text)).toBe(false);
    expect(isNoiseLine('Page 14')).toBe(true);
  });

  it('recognises lines that are mostly a web or e-mail address', () => {
    expect(isUrlLine('https://lectern.example.org/slides')).toBe(true);
    expect(isUrlLine('www.cs.unc.edu')).toBe(true);
    expect(isUrlLine('Contact: jane.doe@unc.edu')).toBe(true);
    expect(isUrlLine('Data from the Allen Institute, see allen.org for the full set of recordings')).toBe(false);
    expect(isUrlLine('Gradient descent')).toBe(false);
  });
});

describe('confidentLines and slideText', () => {
  it('keeps confident lines, cleaned, in reading order, and drops noise and low confidence', () => {
    const lines = [
      line('Second point', 100, 300, 400, 30),
      line('Title here', 80, 60, 600, 60),
      line('eT) =', 900, 300, 60, 30, 0.3),
      line('First point', 100, 220, 380, 30),
      line('12', 1200, 680, 24, 18),
    ];
    expect(confidentLines(lines).map((l) => l.text)).toEqual(['Title here', 'First point', 'Second point']);
    expect(slideText(lines)).toBe('Title here\nFirst point\nSecond point');
  });

  it('reads a row left to right even when the boxes differ a little in height', () => {
    const lines = [line('right', 700, 102, 200, 30), line('left', 100, 100, 200, 36), line('below', 100, 200, 200, 30)];
    expect(sortReadingOrder(lines).map((l) => l.text)).toEqual(['left', 'right', 'below']);
  });
});

describe('chooseSlideTitle', () => {
  it('picks the large line at the top of a content slide', () => {
    const lines = [
      line('Gradient Descent Basics', 83, 60, 874, 50),
      line('Minimise the loss by stepping downhill', 103, 220, 652, 34),
      line('The learning rate sets the step size', 100, 300, 633, 34),
      line('Momentum smooths noisy gradients', 100, 380, 600, 34),
    ];
    expect(chooseSlideTitle(lines, frame)).toBe('Gradient Descent Basics');
  });

  it('prefers the biggest line when the title sits mid-slide and smaller lines are above it', () => {
    const lines = [
      line('CHI 2021 Paper Talk', 500, 40, 280, 24),
      line('Secrets of Gosu', 300, 300, 680, 72),
      line('Eunji Park, Sangyoon Lee', 420, 420, 440, 30),
    ];
    expect(chooseSlideTitle(lines, frame)).toBe('Secrets of Gosu');
  });

  it('takes a one-word heading such as Outline over the body text', () => {
    const lines = [
      line('Outline', 80, 60, 260, 50),
      line('Motivation and related work', 100, 220, 520, 34),
      line('Method', 100, 300, 160, 34),
    ];
    expect(chooseSlideTitle(lines, frame)).toBe('Outline');
  });

  it('joins a title wrapped over two lines', () => {
    const lines = [
      line('Understanding Physical Combat Skills', 180, 150, 920, 56),
      line('of Professional Players', 360, 220, 560, 56),
      line('Eunji Park and Byungjoo Lee', 430, 400, 420, 30),
    ];
    expect(chooseSlideTitle(lines, frame)).toBe('Understanding Physical Combat Skills of Professional Players');
  });

  it('judges size by letters, not by boxes that grow with descenders', () => {
    const lines = [
      line('Dance and Choreography', 38, 135, 541, 44),
      line('in HCI: A Two-Decade', 37, 195, 456, 34),
      line('Retrospective', 38, 256, 289, 43),
      line('Qiushi Zhou', 38, 345, 167, 23),
    ];
    expect(letterSize(lines[0])).toBeCloseTo(35.2);
    expect(letterSize(lines[1])).toBe(34);
    expect(chooseSlideTitle(lines, frame)).toBe('Dance and Choreography in HCI: A Two-Decade Retrospective');
  });

  it('does not join a short name line under a title of the same size', () => {
    const lines = [
      line('NIH Wednesday Afternoon Lecture Series', 309, 415, 733, 34),
      line('Jenny Ting', 592, 458, 164, 30),
      line('The University of North Carolina', 430, 530, 490, 30),
    ];
    expect(chooseSlideTitle(lines, frame)).toBe('NIH Wednesday Afternoon Lecture Series');
  });

  it('joins a short last line when the title cannot end where the first line does', () => {
    const lines = [line('The Broad Impact of NLRs on', 363, 167, 596, 38), line('Immunity', 560, 217, 180, 38)];
    expect(chooseSlideTitle(lines, frame)).toBe('The Broad Impact of NLRs on Immunity');
  });

  it('passes over page numbers, URLs, logos and unsure lines, even when they are bigger', () => {
    const lines = [
      line('UNC', 296, 48, 132, 60),
      line('www.unc.edu/immunology', 40, 20, 400, 40),
      line('7', 1200, 20, 30, 60),
      line('Mysterious Heading', 100, 100, 700, 90, 0.4),
      line('Inflammasome Activation', 300, 160, 600, 40),
      line('Signal one primes the cell', 300, 260, 500, 30),
    ];
    expect(chooseSlideTitle(lines, frame)).toBe('Inflammasome Activation');
  });

  it('does not join the first line of a list under the title', () => {
    const lines = [
      line('Acknowledgments', 490, 23, 324, 34),
      line('Greg Robbins, Aga Truax; Sushmita Jha, Denis Gris; Haitao Wen,', 182, 69, 927, 30),
      line('NLRX1 negatively regulates cytokines', 346, 300, 600, 27),
      line('« Negative regulator of cytokines TNF', 346, 340, 560, 25),
    ];
    expect(chooseSlideTitle(lines, frame)).toBe('Acknowledgments');
    expect(chooseSlideTitle(lines.slice(2), frame)).toBe('NLRX1 negatively regulates cytokines');
  });

  it('does not join a line much wider than the heading above it', () => {
    const lines = [
      line('Regulators of:', 200, 100, 260, 36),
      line('MHC genes and the inflammasome', 220, 150, 420, 34),
    ];
    expect(chooseSlideTitle(lines, frame)).toBe('Regulators of');
  });

  it('does not join a column heading under the title', () => {
    const lines = [
      line('Learning Objectives', 173, 7, 402, 40),
      line('Natural Sciences', 172, 63, 297, 28),
      line('Engineering', 548, 64, 210, 35),
      line('Social Sciences', 829, 63, 240, 29),
    ];
    expect(chooseSlideTitle(lines, frame)).toBe('Learning Objectives');
  });

  it('joins the halves of a title line tesseract split at a wide gap', () => {
    const lines = [line('NLRX1 negatively', 346, 23, 272, 27), line('regulates cytokines', 655, 23, 314, 27)];
    expect(chooseSlideTitle(lines, frame)).toBe('NLRX1 negatively regulates cytokines');
  });

  it('ignores text read from a figure, whose box is far taller than its letters need', () => {
    const lines = [
      line('Motivation', 25, 22, 191, 29),
      line('10 IMPR', 134, 269, 159, 65),
      line('b 60001 wy WT-BMDM', 711, 155, 291, 49),
      line('Gamers', 246, 629, 134, 28),
    ];
    expect(letterSize(lines[1])).toBeCloseTo(159 / 7 / 0.6);
    expect(letterSize(lines[0])).toBe(29);
    expect(isInflatedBox(lines[1])).toBe(true);
    expect(isInflatedBox(lines[0])).toBe(false);
    expect(chooseSlideTitle(lines, frame)).toBe('Motivation');
  });

  it('returns null when no line is confident and clean enough', () => {
    expect(chooseSlideTitle([], frame)).toBeNull();
    expect(chooseSlideTitle([line('Blurry', 100, 100, 300, 40, 0.3), line('=)', 100, 200, 30, 30)], frame)).toBeNull();
  });

  it('leaves a number-only line such as a date out of the title', () => {
    const lines = [line('2-5-13', 600, 60, 120, 60), line('Lecture overview', 300, 200, 500, 40)];
    expect(chooseSlideTitle(lines, frame)).toBe('Lecture overview');
  });
});

describe('cleanTitle', () => {
  it('drops a trailing colon and surrounding quotes', () => {
    expect(cleanTitle('Results:')).toBe('Results');
    expect(cleanTitle('"Gosu"')).toBe('Gosu');
    expect(cleanTitle('Why FPS?')).toBe('Why FPS?');
  });
});
