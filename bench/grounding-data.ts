// Test libraries for the grounding benches, built once and cached in os.tmpdir() keyed by the
// hashes of the files they come from (a newer schema migrates a cached library in place):
//  - the real lectures in ../shared/data/lectures, indexed by the real pipeline (one library);
//  - the QMSum dev meetings, text-only: each speaker turn is a transcript cue (synthetic time,
//    2.5 words per second), windows made and embedded exactly as the embed stage does.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Span } from '../src-main/core/grounding-metrics.ts';
import { transcriptWindows } from '../src-main/core/transcript-windows.ts';
import { sharedTextEmbedder } from '../src-main/pipeline/engine-registry.ts';
import { indexLecture } from '../src-main/pipeline/lecture-indexer.ts';
import { openDatabase, type Db } from '../src-main/store/database.ts';
import { replaceTranscript } from '../src-main/store/lecture-content-store.ts';
import {
  ensureLecture,
  findLectureByPath,
  listLectureRows,
  setLectureMedia,
  setLectureStatus,
} from '../src-main/store/lectures-store.ts';
import { replaceVectors } from '../src-main/store/vectors-store.ts';
import { MomentSearch } from '../src-main/search/moment-search.ts';

export const WORDS_PER_SECOND = 2.5;

export interface LectureTruth {
  name: string;
  file: string;
  duration: number;
  sentences: Array<{ start: number; end: number; slide: number; text: string }>;
  slideSpans: Array<{ start: number; end: number; slide: number }>;
  slides: Record<string, { text: string }>;
}

export interface MeetingTruth {
  name: string;
  file: string;
  /** Start and end of each turn in synthetic seconds. */
  turns: Array<{ start: number; end: number; text: string }>;
  queries: Array<{ query: string; spans: Array<{ start: number; end: number }> }>;
}

function hashFiles(files: string[], ...extra: string[]): string {
  const h = createHash('sha256');
  for (const f of files) h.update(readFileSync(f));
  for (const e of extra) h.update(e);
  return h.digest('hex').slice(0, 16);
}

/** Builds into a staging folder and renames it into place, so a crash never leaves half a cache. */
async function cached(key: string, build: (dir: string) => Promise<void>): Promise<string> {
  const final = path.join(os.tmpdir(), `lectern-grounding-${key}`);
  if (existsSync(path.join(final, 'lectern.db'))) return final;
  const staging = mkdtempSync(path.join(os.tmpdir(), 'lectern-grounding-staging-'));
  try {
    await build(staging);
    renameSync(staging, final);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return final;
}

export function lectureTruths(shared: string): LectureTruth[] {
  const dir = path.join(shared, 'data', 'lectures');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .filter((name) => existsSync(path.join(dir, name, 'truth.json')))
    .map((name) => {
      const truth = JSON.parse(readFileSync(path.join(dir, name, 'truth.json'), 'utf8'));
      return {
        name,
        file: path.join(dir, name, `${name}.mp4`),
        duration: truth.duration_s,
        sentences: truth.sentences,
        slideSpans: truth.slide_spans,
        slides: truth.slides,
      };
    });
}

/** The lecture's deck (`<stem>.pdf` beside the recording), which the indexer attaches, or null. */
export const deckOf = (lecture: LectureTruth): string | null => {
  const pdf = lecture.file.replace(/\.mp4$/, '.pdf');
  return existsSync(pdf) ? pdf : null;
};

/**
 * The lectures indexed by the real pipeline into one library (app default settings), each with
 * its deck attached as the indexer finds it (the PDF beside the recording).
 */
export async function lectureLibrary(lectures: LectureTruth[]): Promise<string> {
  const files = lectures.flatMap((l) => [l.file, l.file.replace(/\.mp4$/, '.vtt'), ...(deckOf(l) ? [deckOf(l)!] : [])]);
  return cached(`lectures-${hashFiles(files)}`, async (dir) => {
    const db = openDatabase(dir);
    try {
      for (const lecture of lectures) {
        const outcome = await indexLecture({
          db,
          dataDir: dir,
          file: lecture.file,
          folderId: null,
          settings: { chapterTargetSeconds: { min: 150, max: 600 } },
        });
        if (outcome.status === 'failed') throw new Error(`${lecture.name}: ${outcome.reason}`);
      }
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      // The engines stay up: the caller may hold one (its section closes them when it ends).
      db.close();
    }
  });
}

const clean = (text: string) =>
  text
    .replace(/\{\w+\}/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

export function meetingTruths(shared: string): MeetingTruth[] {
  const dir = path.join(shared, 'data', 'text-segmentation', 'qmsum-dev');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const meeting = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as {
        meeting_transcripts: Array<{ speaker: string; content: string }>;
        specific_query_list: Array<{ query: string; relevant_text_span: string[][] }>;
      };
      let t = 0;
      const turns = meeting.meeting_transcripts.map((turn) => {
        const text = clean(turn.content);
        const start = t;
        t += Math.max(1, text.split(' ').filter(Boolean).length) / WORDS_PER_SECOND;
        return { start, end: t, text };
      });
      const at = (i: number, edge: 'start' | 'end') => turns[Math.min(turns.length - 1, Math.max(0, i))][edge];
      return {
        name: f.replace(/\.json$/, ''),
        file: path.join(dir, f),
        turns,
        queries: meeting.specific_query_list.map((q) => ({
          query: q.query,
          spans: q.relevant_text_span.map(([a, b]) => ({ start: at(Number(a), 'start'), end: at(Number(b), 'end') })),
        })),
      };
    });
}

/** The meetings as a text-only library: cues, windows and their embeddings (no slides, no chapters). */
export async function meetingLibrary(meetings: MeetingTruth[]): Promise<string> {
  const embedder = await sharedTextEmbedder();
  return cached(
    `qmsum-${hashFiles(
      meetings.map((m) => m.file),
      embedder.id,
    )}`,
    async (dir) => {
      const db: Db = openDatabase(dir);
      try {
        for (const meeting of meetings) {
          const row = ensureLecture(db, path.join(dir, `${meeting.name}.txt`), null, meeting.name);
          const cues = meeting.turns.filter((t) => t.text);
          const windows = transcriptWindows(cues);
          const vectors = await embedder.embed(windows.map((w) => w.text));
          db.transaction(() => {
            setLectureMedia(db, row.id, { duration: meeting.turns.at(-1)!.end, hasVideo: false, hasAudio: true });
            replaceTranscript(db, row.id, cues, 'qmsum');
            replaceVectors(
              db,
              row.id,
              'window',
              windows.map((w, i) => ({ ...w, model: embedder.id, vector: vectors[i] })),
            );
            setLectureStatus(db, row.id, 'ready');
          })();
        }
        db.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        db.close();
      }
    },
  );
}

export { seededRandom } from '../src-main/core/seeded-random.ts';

/** A student's typo: one letter dropped or two neighbours swapped in the query's longest word. */
export function misspell(query: string, next: () => number): string {
  const words = query.split(' ');
  let longest = 0;
  words.forEach((w, i) => {
    if (w.length > words[longest].length) longest = i;
  });
  const w = words[longest];
  const at = 1 + Math.floor(next() * (w.length - 2));
  words[longest] =
    next() < 0.5 ? w.slice(0, at) + w.slice(at + 1) : w.slice(0, at) + w[at + 1] + w[at] + w.slice(at + 2);
  return words.join(' ');
}

/**
 * A question as a student might word it in class, mechanically (the i-th question gets the i-th
 * wording, in turn): capitalised with a question mark, and naming the lecture or its speaker
 * ("In this lecture, …", "… in this class?", "According to the professor, …").
 */
export function mentionTheLecture(query: string, i: number): string {
  const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const wordings = [
    (q: string) => `In this lecture, ${q}?`,
    (q: string) => `${capital(q)} in this class?`,
    (q: string) => `According to the professor, ${q}?`,
    (q: string) => `${capital(q)}?`,
  ];
  return wordings[i % wordings.length](query);
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** One bench question: its set (lecture or 'qmsum-dev'), its lecture, its true spans. */
export interface Query {
  set: string;
  /** The fold it belongs to when cross-validating: its lecture or meeting. */
  group: string;
  lectureId: number;
  query: string;
  truth: Span[];
}

interface QueryFile {
  lectures: Record<string, Array<{ q: string; sentences?: [number, number]; slide?: number }>>;
}

/**
 * Both bench libraries, the lectures' then QMSum's meetings (built and cached on first use),
 * each with whether it holds the meetings.
 */
export async function benchLibraries(shared: string): Promise<Array<{ dir: string; meetings: boolean }>> {
  return [
    { dir: await lectureLibrary(lectureTruths(shared)), meetings: false },
    { dir: await meetingLibrary(meetingTruths(shared)), meetings: true },
  ];
}

/** The questions of bench/queries/lectures.json (or another file there) with their true spans in the lecture library `db`. */
export function lectureQueries(db: Db, truths: LectureTruth[], name = 'lectures.json'): Query[] {
  const file = JSON.parse(readFileSync(path.join(here, 'queries', name), 'utf8')) as QueryFile;
  const out: Query[] = [];
  for (const lecture of truths) {
    const row = findLectureByPath(db, lecture.file);
    if (!row) throw new Error(`${lecture.name} is not in the bench library`);
    for (const item of file.lectures[lecture.name] ?? []) {
      let truth: Span;
      if (item.sentences) {
        const [a, b] = item.sentences;
        truth = { start: lecture.sentences[a].start, end: lecture.sentences[b].end };
      } else {
        const span = lecture.slideSpans.find((s) => s.slide === item.slide);
        if (!span) throw new Error(`${lecture.name}: no span for slide ${item.slide}`);
        truth = { start: span.start, end: span.end };
      }
      out.push({ set: lecture.name, group: lecture.name, lectureId: row.id, query: item.q, truth: [truth] });
    }
  }
  return out;
}

/** The set of the questions about what a lecture's title slide says (bench/queries/title-slides.json). */
export const TITLE_SLIDES = 'title-slides';

/**
 * The title-slide questions, as their own set (folds still by lecture): the kind issue 16 names
 * and the 135 lack, trained on beside them and reported apart.
 */
export function titleSlideQueries(db: Db, truths: LectureTruth[]): Query[] {
  return lectureQueries(db, truths, 'title-slides.json').map((q) => ({ ...q, set: TITLE_SLIDES }));
}

/** QMSum's specific queries with their spans in the meeting library `db`. */
export function meetingQueries(db: Db, meetings: MeetingTruth[]): Query[] {
  const rows = listLectureRows(db);
  return meetings.flatMap((m) => {
    const row = rows.find((l) => l.title === m.name)!;
    return m.queries.map((q) => ({
      set: 'qmsum-dev',
      group: m.name,
      lectureId: row.id,
      query: q.query,
      truth: q.spans,
    }));
  });
}

/** A search over `db` with its dense index fully loaded, so timings and results do not depend on the load. */
export async function warmMomentSearch(db: Db): Promise<MomentSearch> {
  const search = new MomentSearch(db);
  await search.search('load the dense index', { limit: 1 });
  await search.ready();
  return search;
}
