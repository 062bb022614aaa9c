// Child process for bench/pipeline.ts: indexes one file in a fresh data folder (optionally with a
// speech model installed first: `index-one.ts <home> <file> [model.bin]`) and prints per-stage
// wall times, when the first chapters could be read through the API, and this process's peak
// RSS as JSON.
import { LecternService } from '../src-main/api/lectern-service.ts';
import type { ProgressEvent } from '../src-main/core/domain-types.ts';
import { importModel } from '../src-main/models/index.ts';
import { closeEngines } from '../src-main/pipeline/engine-registry.ts';
import { indexLecture } from '../src-main/pipeline/lecture-indexer.ts';
import { openDatabase } from '../src-main/store/database.ts';
import { readChapters, readSlides } from '../src-main/store/lecture-content-store.ts';
import { stageKeyOf } from '../src-main/store/stage-runs-store.ts';
import { statSync } from 'node:fs';
import path from 'node:path';
import { stageTimer } from './stage-timer.ts';

const [home, file, asrModel] = process.argv.slice(2);
// A speech model to install first (so the transcript stage runs whisper instead of reading a sidecar).
if (asrModel) await importModel(home, asrModel, { name: 'bench-asr' });
const db = openDatabase(home);
// The window's view of the library: the same service, polled for the first readable chapters.
const service = new LecternService(db, home);
const lectureId = await service.lectureIdForFile(file);
const timer = stageTimer();
const stageSeconds = timer.seconds;
let transcriptEnded: number | null = null;
/** When each stage started and ended (seconds from the start; a stage run twice, like the chapters, keeps its first start). */
const windows: Record<string, [number, number | null]> = {};
/** Every time chapters were stored: provisional from the slide spans, again from the slides' words, final. */
const chaptersStored: number[] = [];
let lastSegmentKey: string | undefined;
/** The chapter starts stored each time (same order as chaptersStored). */
const chapterSets: number[][] = [];
const onProgress = (event: ProgressEvent) => {
  timer.onProgress(event);
  if (event.done === 0 && !windows[event.stage]) windows[event.stage] = [since(), null];
  if (event.total > 0 && event.done === event.total && windows[event.stage]) windows[event.stage][1] = since();
  // The segment stage reports 1 of 1 before its chapters are stored too: a new stored key marks them stored.
  const segmentKey = stageKeyOf(db, lectureId, 'segment');
  if (event.stage === 'segment' && event.done === 1 && segmentKey !== lastSegmentKey) {
    lastSegmentKey = segmentKey;
    chaptersStored.push(since());
    chapterSets.push(readChapters(db, lectureId).map((c) => c.start));
  }
  // The indexer reports a stage's end as 1 of 1 once its result is stored.
  if (event.stage === 'transcript' && event.done === 1 && event.total === 1) transcriptEnded = since();
};
const t0 = performance.now();
const since = () => (performance.now() - t0) / 1000;
const firsts: {
  chapters: number | null;
  chaptersKind: string | null;
  slides: number | null;
  transcript: number | null;
} = { chapters: null, chaptersKind: null, slides: null, transcript: null };
const poll = setInterval(() => {
  void service.getLecture({ id: lectureId }).then((lecture) => {
    if (firsts.chapters === null && lecture.chapters.length > 0) {
      firsts.chapters = since();
      firsts.chaptersKind = lecture.readiness.chapters.kind;
    }
    if (firsts.slides === null && lecture.readiness.slides === 'ready') firsts.slides = since();
  });
}, 250);
const outcome = await indexLecture({
  db,
  dataDir: home,
  file,
  folderId: null,
  settings: { chapterTargetSeconds: { min: 120, max: 600 } },
  onProgress,
  onPartial: (event) => {
    if (event.stage === 'transcript' && event.covered > 0) firsts.transcript ??= since();
  },
});
const total = since();
clearInterval(poll);
await closeEngines();
if (outcome.status === 'failed') {
  console.log(JSON.stringify({ error: outcome.reason }));
  process.exit(1);
}
const chapters = readChapters(db, outcome.lectureId);
const slides = readSlides(db, outcome.lectureId);
db.pragma('wal_checkpoint(TRUNCATE)');
db.close();
console.log(
  JSON.stringify({
    total,
    stageSeconds,
    afterTranscript: transcriptEnded === null ? null : total - transcriptEnded,
    windows,
    chaptersStored,
    chapterSets,
    cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    firstChapters: firsts.chapters,
    firstChaptersKind: firsts.chaptersKind,
    slidesReady: firsts.slides,
    firstTranscript: firsts.transcript,
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    dbBytes: statSync(path.join(home, 'lectern.db')).size,
    chapters,
    slides: slides.map((s) => ({ start: s.start, end: s.end })),
  }),
);
