import GithubSlugger from 'github-slugger';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import type { LectureForExport } from './chapter-notes.ts';
import {
  escapeMarkdown,
  fileUrl,
  relativeHref,
  renderCourseIndexMarkdown,
  renderCourseMarkdown,
  renderLectureMarkdown,
} from './markdown-export.ts';

// Obsidian and VS Code follow file: links; markdown-it refuses them by default (as GitHub does).
const markdownIt = () => {
  const md = new MarkdownIt();
  md.validateLink = () => true;
  return md;
};

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

const textOf = (inline: Token) =>
  (inline.children ?? []).map((t) => (t.type === 'text' || t.type === 'code_inline' ? t.content : '')).join('');

interface Rendered {
  headings: Array<{ level: number; text: string; id: string }>;
  links: Array<{ href: string; text: string }>;
  listItems: string[];
  html: string;
}

/** Parses Markdown as a real renderer does; heading ids as GitHub generates them. */
function render(markdown: string): Rendered {
  const md = markdownIt();
  const tokens = md.parse(markdown, {});
  const slugger = new GithubSlugger();
  const headings: Rendered['headings'] = [];
  const links: Rendered['links'] = [];
  const listItems: string[] = [];
  tokens.forEach((token, i) => {
    if (token.type === 'heading_open') {
      const text = textOf(tokens[i + 1]);
      headings.push({ level: Number(token.tag.slice(1)), text, id: slugger.slug(text) });
    }
    if (token.type === 'list_item_open' && tokens[i + 2]?.type === 'inline') listItems.push(textOf(tokens[i + 2]));
    if (token.type === 'inline') {
      const children = token.children ?? [];
      children.forEach((child, c) => {
        if (child.type === 'link_open')
          links.push({ href: String(child.attrGet('href') ?? ''), text: children[c + 1]?.content });
      });
    }
  });
  return { headings, links, listItems, html: md.render(markdown) };
}

const lecture: LectureForExport = {
  title: 'Lecture 2: Cholesky (and friends)',
  file: '/home/s/course/lecture 2 #final.mp4',
  duration: 610,
  chapters: [
    { start: 0, end: 300, title: 'Why factor [once]' },
    { start: 300, end: 610, title: 'Triangular solves', edited: true },
  ],
  slides: [
    { start: 0, end: 150, title: 'Why factor once', text: 'Why factor once\nA = L L^T\nHalf the cost of LU' },
    { start: 150, end: 300, title: 'Why factor once', text: 'Why factor once\nHalf the cost of LU\nNo pivoting' },
    { start: 300, end: 610, title: null, text: '# of solves: many\n1. forward\n|' },
  ],
  transcript: [
    { start: 5, end: 9, text: 'Hi folks.' },
    { start: 12, end: 20, text: 'We factor the symmetric matrix once with Cholesky.' },
    { start: 30, end: 40, text: 'Cholesky costs half of what the LU factorisation costs.' },
    { start: 50, end: 60, text: 'A positive definite matrix never needs pivoting in Cholesky.' },
    { start: 320, end: 330, text: 'Then we solve twice with the triangular factors.' },
    { start: 340, end: 350, text: 'Forward substitution solves the lower triangular system.' },
    { start: 360, end: 370, text: 'Back substitution solves the upper triangular system.' },
  ],
};

describe('renderLectureMarkdown', () => {
  const markdown = renderLectureMarkdown(lecture);
  const page = render(markdown);

  it('has the title, source and duration, and one `## [hh:mm:ss] Title` heading per chapter', () => {
    expect(page.headings.map((h) => `${h.level} ${h.text}`)).toEqual([
      '1 Lecture 2: Cholesky (and friends)',
      '2 [00:00:00] Why factor [once]',
      '2 [00:05:00] Triangular solves',
    ]);
    expect(markdown).toMatch(/^## \[00:05:00\] Triangular solves$/m);
    expect(page.listItems).toContain('Duration: 00:10:10');
    const source = page.links.find((l) => l.text === 'lecture 2 #final.mp4');
    expect(source?.href).toBe(fileUrl(lecture.file));
  });

  it('has a table of contents whose links resolve to the heading ids GitHub generates', () => {
    const toc = page.links.filter((l) => l.href.startsWith('#'));
    expect(toc.map((l) => l.text)).toEqual(['Why factor [once]', 'Triangular solves']);
    expect(toc.map((l) => l.href.slice(1))).toEqual(page.headings.slice(1).map((h) => h.id));
    expect(toc[0].href).toBe('#000000-why-factor-once');
  });

  it('lists each chapter’s slide text once, cleaned, grouped under the slide title', () => {
    expect(page.listItems).toEqual(
      expect.arrayContaining(['Why factor once', 'A = L L^T', 'Half the cost of LU', 'No pivoting']),
    );
    expect(page.listItems.filter((t) => t === 'Half the cost of LU')).toHaveLength(1);
    // Untitled slide: its lines are plain items, markers inside them stay literal text, noise dropped.
    expect(page.listItems).toEqual(expect.arrayContaining(['# of solves: many', '1. forward']));
    expect(page.listItems).not.toContain('|');
  });

  it('sums up what was said in 2-4 key sentences per chapter, each linked to its moment', () => {
    const moments = page.links.filter((l) => /#t=\d+$/.test(l.href));
    expect(moments.length).toBeGreaterThanOrEqual(4);
    expect(moments.length).toBeLessThanOrEqual(8);
    expect(markdown).not.toContain('Hi folks');
    for (const moment of moments) {
      const url = new URL(moment.href);
      expect(url.protocol).toBe('file:');
      expect(decodeURIComponent(url.pathname)).toBe(lecture.file);
      const t = Number(url.hash.slice(3));
      expect(lecture.transcript.some((s) => Math.floor(s.start) === t)).toBe(true);
      expect(moment.text).toMatch(/^\d\d:\d\d:\d\d$/);
    }
    const watch = page.links.filter((l) => /#t=\d+,\d+$/.test(l.href)).map((l) => new URL(l.href).hash);
    expect(watch).toEqual(['#t=0,300', '#t=300,610']);
  });

  it('links relative to the notes when asked, which plain Markdown renderers accept', () => {
    const relative = renderLectureMarkdown(lecture, {
      mediaHref: () => relativeHref('../course/lecture 2 #final.mp4'),
    });
    const md = new MarkdownIt();
    const html = md.render(relative);
    expect(html).toContain('href="../course/lecture%202%20%23final.mp4#t=0,300"');
  });

  it("shows the attached deck's page pictures under their slide when asked, as real images", () => {
    const withDeck: LectureForExport = {
      ...lecture,
      slides: lecture.slides.map((slide, i) => ({ ...slide, page: [2, 3, 5][i] })),
    };
    expect(renderLectureMarkdown(withDeck)).not.toContain('![');
    const asked: Array<[string, number]> = [];
    const markdown = renderLectureMarkdown(withDeck, {
      pageImageHref: (file, page) => {
        asked.push([file, page]);
        return page === 3 ? null : relativeHref(`slides/lecture 2 - page ${page}.jpg`);
      },
    });
    expect(asked).toEqual([
      [lecture.file, 2],
      [lecture.file, 3],
      [lecture.file, 5],
    ]);
    const html = markdownIt().render(markdown);
    expect(html).toContain('<img src="slides/lecture%202%20-%20page%202.jpg" alt="Slide, page 2">');
    expect(html).toContain('<img src="slides/lecture%202%20-%20page%205.jpg" alt="Slide, page 5">');
    expect(html).not.toContain('page%203');
    // Under its titled slide, and the slide's lines still listed.
    expect(markdown).toMatch(/^- \*\*Why factor once\*\*\n {2}!\[Slide, page 2\]/m);
    expect(render(markdown).listItems).toEqual(expect.arrayContaining(['A = L L^T', 'No pivoting']));
  });

  it('says so when the lecture has no chapters yet', () => {
    const empty = render(renderLectureMarkdown({ ...lecture, chapters: [] }));
    expect(empty.headings).toHaveLength(1);
    expect(empty.html).toContain('No chapters yet');
  });
});

describe('escapeMarkdown', () => {
  const nasty = [
    '*bold* and __strong__ and `code`',
    '[link](http://example.com) and [[wikilink]]',
    '<b>html</b> & &amp; entity',
    'costs $5 and $6 ~~gone~~',
    '#tag, C# and #1',
    '==highlight== %%comment%%',
    '# not a heading',
    '> not a quote',
    '- not a list',
    '1. not a list either',
    'back\\slash and file_name_here and _emph_',
  ];

  it('keeps any text literal through a real renderer, in a list item and in a heading', () => {
    const md = new MarkdownIt();
    for (const text of nasty) {
      for (const block of [`- ${escapeMarkdown(text)}`, `## ${escapeMarkdown(text)}`]) {
        const tokens = md.parse(block, {});
        const inline = tokens.filter((t) => t.type === 'inline');
        expect(inline, block).toHaveLength(1);
        expect(
          tokens.filter((t) => t.type.endsWith('_open')).map((t) => t.type),
          block,
        ).toEqual(block.startsWith('-') ? ['bullet_list_open', 'list_item_open', 'paragraph_open'] : ['heading_open']);
        expect(
          inline[0].children?.map((t) => t.type),
          block,
        ).toEqual(['text']);
        expect(inline[0].children?.[0].content, block).toBe(text);
      }
    }
  });

  it('leaves underscores inside words alone', () => {
    expect(escapeMarkdown('theory_of_computation')).toBe('theory_of_computation');
  });
});

describe('course exports', () => {
  const second = { ...lecture, title: 'Lecture 10: QR', file: '/home/s/course/lecture 10.mp4' };

  it('puts every lecture in one file, in the order given, with contents links that all resolve', () => {
    const markdown = renderCourseMarkdown({ title: 'Numerical Methods', lectures: [lecture, second] });
    const page = render(markdown);
    expect(page.headings.filter((h) => h.level === 1).map((h) => h.text)).toEqual([
      'Numerical Methods',
      'Lecture 2: Cholesky (and friends)',
      'Lecture 10: QR',
    ]);
    const ids = new Set(page.headings.map((h) => h.id));
    const anchors = page.links.filter((l) => l.href.startsWith('#')).map((l) => l.href.slice(1));
    expect(anchors.length).toBe(2 + 2 * 2);
    for (const anchor of anchors) expect(ids.has(anchor), anchor).toBe(true);
    // The same chapter title in two lectures: GitHub numbers the second, and so do the links.
    expect(anchors).toContain('000000-why-factor-once');
    expect(anchors).toContain('000000-why-factor-once-1');
  });

  it('indexes one file per lecture with links to each file and to its chapters', () => {
    const index = render(
      renderCourseIndexMarkdown({
        title: 'Numerical Methods',
        lectures: [
          { lecture, href: 'Lecture 2.md' },
          { lecture: second, href: 'Lecture 10.md' },
        ],
      }),
    );
    const own = render(renderLectureMarkdown(second));
    expect(index.links.map((l) => l.href)).toEqual([
      'Lecture%202.md',
      'Lecture%202.md#000000-why-factor-once',
      'Lecture%202.md#000500-triangular-solves',
      'Lecture%2010.md',
      ...own.headings.slice(1).map((h) => `Lecture%2010.md#${h.id}`),
    ]);
  });
});
