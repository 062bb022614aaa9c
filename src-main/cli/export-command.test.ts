import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import GithubSlugger from 'github-slugger';
import MarkdownIt from 'markdown-it';
import { parseSync, type NodeCue } from 'subtitle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySample, sharedSampleLecture, tempDir } from '../../test/fixtures/sample-media.ts';

const BIN = fileURLToPath(new URL('../../bin/lectern.mjs', import.meta.url));
const { WebVTTParser } = createRequire(import.meta.url)('webvtt-parser') as {
  WebVTTParser: new () => {
    parse(
      input: string,
      mode: string,
    ): { cues: Array<{ startTime: number; endTime: number; text: string }>; errors: unknown[] };
  };
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function lectern(cwd: string, home: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, '--home', home, ...args],
      { cwd, env: { ...process.env, CI: 'true' } },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

/** Headings (with the ids GitHub gives them) and links of a Markdown file, as markdown-it reads it. */
function outline(markdown: string): { headings: Array<{ level: number; text: string; id: string }>; links: string[] } {
  const md = new MarkdownIt();
  md.validateLink = () => true;
  const tokens = md.parse(markdown, {});
  const slugger = new GithubSlugger();
  const headings: Array<{ level: number; text: string; id: string }> = [];
  const links: string[] = [];
  tokens.forEach((token, i) => {
    if (token.type === 'heading_open') {
      const text = (tokens[i + 1].children ?? []).map((c) => (c.type === 'text' ? c.content : '')).join('');
      headings.push({ level: Number(token.tag.slice(1)), text, id: slugger.slug(text) });
    }
    for (const child of token.children ?? []) if (child.type === 'link_open') links.push(String(child.attrGet('href')));
  });
  return { headings, links };
}

describe('lectern export', () => {
  let home: string;
  let course: string;
  let work: string;
  const cleanups: Array<() => Promise<void>> = [];
  let chaptersOf: (file: string) => Promise<Array<{ start: number; end: number; title: string }>>;

  beforeAll(async () => {
    const sample = await sharedSampleLecture();
    const a = await tempDir();
    const b = await tempDir();
    const c = await tempDir();
    cleanups.push(a.cleanup, b.cleanup, c.cleanup);
    home = a.dir;
    course = path.join(b.dir, 'Numerical Methods');
    work = c.dir;
    // "Lecture 10" sorts before "Lecture 2" by character; natural order puts 2 first.
    await copySample(sample, course, 'Lecture 10');
    await copySample(sample, course, 'Lecture 2');
    const indexed = await lectern(work, home, 'index', course);
    expect(indexed.code, indexed.stderr).toBe(0);
    chaptersOf = async (file) => JSON.parse((await lectern(work, home, 'chapters', file, '--json')).stdout).chapters;
  }, 240_000);

  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('writes one lecture’s Markdown notes next to where it is run, named after the recording', async () => {
    const run = await lectern(work, home, 'export', path.join(course, 'Lecture 10.mp4'));
    expect(run.code, run.stderr).toBe(0);
    const markdown = await readFile(path.join(work, 'Lecture 10.md'), 'utf8');
    const { headings, links } = outline(markdown);
    expect(headings[0]).toMatchObject({ level: 1, text: 'Lecture 10' });
    const chapters = await chaptersOf(path.join(course, 'Lecture 10.mp4'));
    expect(headings.filter((h) => h.level === 2).map((h) => h.text)).toEqual(
      chapters.map((c) => `[${new Date(Math.floor(c.start) * 1000).toISOString().slice(11, 19)}] ${c.title}`),
    );
    const anchors = links.filter((l) => l.startsWith('#')).map((l) => l.slice(1));
    expect(anchors).toEqual(headings.filter((h) => h.level === 2).map((h) => h.id));
    expect(markdown).toContain('**Key points**');
    expect(markdown).toContain('**On the slides**');
  });

  it('writes a folder as one Markdown file, lectures in natural order', async () => {
    const run = await lectern(work, home, 'export', course, '--format', 'md');
    expect(run.code, run.stderr).toBe(0);
    const { headings, links } = outline(await readFile(path.join(work, 'Numerical Methods.md'), 'utf8'));
    expect(headings.filter((h) => h.level === 1).map((h) => h.text)).toEqual([
      'Numerical Methods',
      'Lecture 2',
      'Lecture 10',
    ]);
    const ids = new Set(headings.map((h) => h.id));
    for (const anchor of links.filter((l) => l.startsWith('#'))) expect(ids.has(anchor.slice(1)), anchor).toBe(true);
  });

  it('writes one file per lecture and an index into a folder, with relative links that resolve', async () => {
    const out = path.join(work, 'notes') + path.sep;
    const run = await lectern(work, home, 'export', course, '--out', out, '--links', 'relative');
    expect(run.code, run.stderr).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['Lecture 10.md', 'Lecture 2.md', 'index.md']);
    const index = outline(await readFile(path.join(out, 'index.md'), 'utf8'));
    expect(index.links.filter((l) => !l.includes('#'))).toEqual(['Lecture%202.md', 'Lecture%2010.md']);
    for (const link of index.links) {
      const [file, anchor] = link.split('#');
      const target = outline(await readFile(path.join(out, decodeURIComponent(file)), 'utf8'));
      if (anchor) expect(target.headings.map((h) => h.id)).toContain(anchor);
    }
    const notes = outline(await readFile(path.join(out, 'Lecture 2.md'), 'utf8'));
    const media = notes.links.filter((l) => !l.startsWith('#'));
    expect(media.length).toBeGreaterThan(2);
    for (const link of media) {
      expect(link).toMatch(/^\.\.\//);
      const target = path.resolve(out, decodeURIComponent(link.replace(/#t=[\d,]+$/, '')));
      expect(target).toBe(path.join(course, 'Lecture 2.mp4'));
    }
  });

  it('writes WebVTT chapter tracks for a folder, one per lecture, matching the chapters', async () => {
    const run = await lectern(work, home, 'export', course, '--format', 'chapters-vtt');
    expect(run.code, run.stderr).toBe(0);
    const dir = path.join(work, 'Numerical Methods-chapters-vtt');
    expect((await readdir(dir)).sort()).toEqual(['Lecture 10.chapters.vtt', 'Lecture 2.chapters.vtt']);
    const tree = new WebVTTParser().parse(await readFile(path.join(dir, 'Lecture 2.chapters.vtt'), 'utf8'), 'chapters');
    expect(tree.errors).toEqual([]);
    const chapters = await chaptersOf(path.join(course, 'Lecture 2.mp4'));
    expect(tree.cues.map((c) => c.text)).toEqual(chapters.map((c) => c.title));
    tree.cues.forEach((cue, i) => {
      expect(cue.startTime).toBeCloseTo(chapters[i].start, 3);
      expect(cue.endTime).toBeCloseTo(chapters[i].end, 3);
    });
  });

  it('writes the transcript as SRT and WebVTT, and everything as JSON', async () => {
    const file = path.join(course, 'Lecture 10.mp4');
    const sidecar = parseSync(await readFile(path.join(course, 'Lecture 10.vtt'), 'utf8')).filter(
      (n): n is NodeCue => n.type === 'cue',
    );
    for (const format of ['srt', 'vtt']) {
      const run = await lectern(work, home, 'export', file, '--format', format);
      expect(run.code, run.stderr).toBe(0);
      const written = await readFile(path.join(work, `Lecture 10.transcript.${format}`), 'utf8');
      const cues = parseSync(written).filter((n): n is NodeCue => n.type === 'cue');
      expect(cues.map((c) => [c.data.start, c.data.end, c.data.text])).toEqual(
        sidecar.map((c) => [c.data.start, c.data.end, c.data.text]),
      );
    }
    const run = await lectern(work, home, 'export', file, '--format', 'json', '--out', 'all.json');
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(await readFile(path.join(work, 'all.json'), 'utf8'));
    expect(json.lecture.file).toBe(file);
    expect(json.lecture.chapters.length).toBeGreaterThan(0);
    expect(json.lecture.slides.some((s: { text: string }) => s.text.length > 0)).toBe(true);
    expect(json.lecture.transcript).toHaveLength(sidecar.length);
  });

  it('says what is wrong in one line, and never writes over a recording’s transcript', async () => {
    const sidecar = path.join(course, 'Lecture 10.vtt');
    const before = await readFile(sidecar, 'utf8');
    const blocker = path.join(work, 'a-file.txt');
    await writeFile(blocker, 'x');
    await mkdir(path.join(work, 'empty'), { recursive: true });
    const cases = [
      await lectern(work, home, 'export', path.join(course, 'Lecture 10.mp4'), '--format', 'docx'),
      await lectern(work, home, 'export', path.join(course, 'Lecture 10.mp4'), '--format', 'vtt', '--out', sidecar),
      await lectern(work, home, 'export', course, '--format', 'srt', '--out', blocker),
      await lectern(work, home, 'export', path.join(work, 'empty')),
      await lectern(work, home, 'export', path.join(course, 'Lecture 10.mp4'), '--links', 'web'),
    ];
    for (const run of cases) {
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^lectern: [^\n]+\n(hint: [^\n]+\n)?$/);
    }
    expect(cases[0].stderr).toMatch(/Unknown export format: docx/);
    expect(cases[1].stderr).toMatch(/it is the transcript of Lecture 10\.mp4/);
    expect(cases[2].stderr).toMatch(/srt writes one file per lecture, but --out is a file/);
    expect(cases[3].stderr).toMatch(/No lecture recordings/);
    expect(await readFile(sidecar, 'utf8')).toBe(before);
    expect(existsSync(path.join(work, 'empty.md'))).toBe(false);
  });
});
