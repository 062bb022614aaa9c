import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobsState, ProgressEvent } from '../../src-main/api/contract.ts';
import { openDatabase, type Db } from '../../src-main/store/database.ts';
import { findLectureByPath, setLectureHeld } from '../../src-main/store/lectures-store.ts';
import { setQueuePaused } from '../../src-main/store/queue-pause-store.ts';
import { stageKeyOf } from '../../src-main/store/stage-runs-store.ts';
import { queueTestLibraries } from '../fixtures/queue-test-library.ts';
import { until } from '../fixtures/wait-until.ts';

/** Another process on the library (a terminal's `lectern index`), with its own connection to the same file, writes. */
function fromOutside(dataDir: string, write: (terminal: Db) => void): void {
  const terminal = openDatabase(dataDir);
  try {
    write(terminal);
  } finally {
    terminal.close();
  }
}

describe('pause, resume and cancel in the window, with time left', () => {
  const libraries = queueTestLibraries();

  async function setup(names: string[]) {
    const { folder, dataDir, db, service } = await libraries.setup(names);
    const events: ProgressEvent[] = [];
    const states: JobsState[] = [];
    service.subscribe((update) => {
      if (update.kind === 'progress') events.push(update.event);
      if (update.kind === 'jobs') states.push(update.state);
    });
    const lecture = (name: string) => findLectureByPath(db, path.join(folder, `${name}.mp4`))!;
    return { folder, dataDir, db, service, events, states, lecture };
  }

  it('pauses one running lecture (others go on), resumes it from its finished stages, and estimates time left', async () => {
    const { folder, db, service, events, states, lecture } = await setup(['a', 'b']);
    await service.pauseIndexing({});
    await service.addFolder({ path: folder });
    await until(() => lecture('a')?.status === 'queued' && lecture('b')?.status === 'queued', 'both queued');
    const a = lecture('a').id;
    const b = lecture('b').id;
    await service.prioritise({ lectureId: a });
    await service.resumeIndexing({});
    // Pause `a` once it has finished at least one stage after the probe.
    await until(() => events.some((e) => e.lectureId === a && e.stage === 'audio' && e.done === 1), 'a to pass audio');
    const jobs = await service.pauseIndexing({ lectureId: a });
    expect(jobs.heldLectures).toEqual([a]);
    expect(jobs.paused).toBe(false);
    await until(() => lecture('b').status === 'ready', 'b to be indexed while a is paused', 120_000);
    expect(lecture('a').status).toBe('queued');
    // A paused lecture's stopped stage is not reported as a failure.
    expect(events.some((e) => e.lectureId === a && e.stage === 'failed')).toBe(false);
    expect(stageKeyOf(db, a, 'audio')).toBeDefined(); // its finished stages are kept

    await service.resumeIndexing({ lectureId: a });
    await until(() => lecture('a').status === 'ready', 'a to finish after resuming', 120_000);
    expect((await service.getJobs({})).heldLectures).toEqual([]);

    // Time left: known once the length is, counted down to 0 at the end; the queue's too.
    const timed = events.filter((e) => e.lectureId === b && e.stage !== 'probe');
    expect(timed.every((e) => typeof e.secondsLeft === 'number' && e.secondsLeft >= 0)).toBe(true);
    expect(timed.at(-1)).toMatchObject({ stage: 'done', secondsLeft: 0 });
    expect(states.some((s) => s.running && typeof s.secondsLeft === 'number')).toBe(true);
  }, 300_000);

  it('keeps a lecture paused on its own, and the paused queue, across a restart, and indexes it once resumed', async () => {
    const { folder, service: first, lecture } = await setup(['d']);
    await first.pauseIndexing({});
    await first.addFolder({ path: folder });
    await until(() => lecture('d')?.status === 'queued', 'd queued');
    const d = lecture('d').id;
    expect((await first.pauseIndexing({ lectureId: d })).heldLectures).toEqual([d]);

    // The app starts again on the same library: the lecture and the queue are still paused.
    let service = await libraries.restart();
    service.startBackgroundWork();
    expect(await service.getJobs({})).toMatchObject({ paused: true, heldLectures: [d] });
    // Resuming the queue leaves the lecture paused on its own where it was, after another restart too.
    expect(await service.resumeIndexing({})).toMatchObject({ paused: false, heldLectures: [d] });
    service = await libraries.restart();
    service.startBackgroundWork();
    expect(await service.getJobs({})).toMatchObject({ paused: false, heldLectures: [d] });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(lecture('d').status).toBe('queued');
    expect((await service.getJobs({})).running).toBe(false);

    expect((await service.resumeIndexing({ lectureId: d })).heldLectures).toEqual([]);
    await until(() => lecture('d').status === 'ready', 'd to be indexed once resumed', 120_000);
  }, 300_000);

  it('indexes what a command asks for by name (`lectern index`) though the window paused it and the queue', async () => {
    const { folder, service: window, lecture } = await setup(['e']);
    await window.pauseIndexing({});
    await window.addFolder({ path: folder });
    await until(() => lecture('e')?.status === 'queued', 'e queued');
    const e = lecture('e').id;
    await window.pauseIndexing({ lectureId: e });

    // A terminal's `lectern index` starts its own service on the library, paused as the window left it.
    const command = await libraries.restart();
    const summary = await command.indexNow([folder]);
    expect(summary).toMatchObject({ indexed: 1, failed: 0 });
    expect(lecture('e').status).toBe('ready');
    // The lecture's own pause is spent; the queue's stays for the window's background work.
    expect(await command.getJobs({})).toMatchObject({ paused: true, heldLectures: [] });
  }, 300_000);

  it('sees a lecture the window paused released by another process (`lectern index`), and picks it on its next pump', async () => {
    const { folder, dataDir, service: window, events, lecture } = await setup(['f']);
    await window.pauseIndexing({});
    await window.addFolder({ path: folder });
    await until(() => lecture('f')?.status === 'queued', 'f queued');
    const f = lecture('f').id;
    expect((await window.pauseIndexing({ lectureId: f })).heldLectures).toEqual([f]);
    expect(await window.resumeIndexing({})).toMatchObject({ paused: false, heldLectures: [f] });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(lecture('f').status).toBe('queued');
    expect(events.some((e) => e.lectureId === f)).toBe(false);

    // Another process on the library releases the hold.
    fromOutside(dataDir, (terminal) => setLectureHeld(terminal, f, false));
    // The window's queue shows it at once, and its next pump (here: resume pressed again) picks the lecture.
    expect((await window.getJobs({})).heldLectures).toEqual([]);
    await window.resumeIndexing({});
    await until(() => events.some((e) => e.lectureId === f), 'the window to pick f once released');
    expect((await window.getJobs({})).heldLectures).toEqual([]);
  }, 300_000);

  it('sees the queue resumed, then paused, by another process, and starts (or stops picking) queued work on its next pump', async () => {
    const { folder, dataDir, service: window, events, lecture } = await setup(['g', 'h']);
    await window.pauseIndexing({});
    await window.addFolder({ path: folder });
    await until(() => lecture('g')?.status === 'queued' && lecture('h')?.status === 'queued', 'g and h queued');
    const g = lecture('g').id;
    const h = lecture('h').id;
    // h waits on its own, so that only g is picked while the queue runs.
    await window.pauseIndexing({ lectureId: h });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(events.some((e) => e.lectureId === g)).toBe(false);

    // Another process on the library writes to the queue's pause.
    fromOutside(dataDir, (terminal) => setQueuePaused(terminal, false));
    // The window's queue shows it at once, and its next pump (here: a retry that finds nothing failed) starts g.
    expect((await window.getJobs({})).paused).toBe(false);
    expect(await window.retryFailed({})).toEqual({ queued: 0 });
    await until(() => lecture('g').status === 'ready', 'g to be indexed once resumed from outside', 120_000);

    // Paused from outside, the window's queue says so and picks nothing new: h, released, stays queued.
    fromOutside(dataDir, (terminal) => setQueuePaused(terminal, true));
    expect((await window.getJobs({})).paused).toBe(true);
    expect((await window.resumeIndexing({ lectureId: h })).paused).toBe(true);
    expect(await window.retryFailed({})).toEqual({ queued: 0 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(lecture('h').status).toBe('queued');
    expect(events.some((e) => e.lectureId === h)).toBe(false);
    expect((await window.getJobs({})).running).toBe(false);
  }, 300_000);

  it('follows a pause, a release and a resume written by another process on its own: the running lecture stops, then both are indexed', async () => {
    const { folder, dataDir, service: window, events, states, lecture } = await setup(['p', 'q']);
    await window.pauseIndexing({});
    await window.addFolder({ path: folder });
    await until(() => lecture('p')?.status === 'queued' && lecture('q')?.status === 'queued', 'p and q queued');
    const p = lecture('p').id;
    const q = lecture('q').id;
    await window.pauseIndexing({ lectureId: q });
    await window.resumeIndexing({});
    await until(() => events.some((e) => e.lectureId === p), 'p to start');

    // Paused by another process while p runs: with no action in the window, p stops and waits in the queue.
    fromOutside(dataDir, (terminal) => setQueuePaused(terminal, true));
    await until(() => states.at(-1)?.paused === true && states.at(-1)?.running === false, 'the window to stop p');
    expect(lecture('p').status).toBe('queued');
    expect(events.some((e) => e.lectureId === p && e.stage === 'failed')).toBe(false);

    // Released and resumed by another process: the window's queue picks both up by itself.
    fromOutside(dataDir, (terminal) => {
      setLectureHeld(terminal, q, false);
      setQueuePaused(terminal, false);
    });
    await until(
      () => lecture('p').status === 'ready' && lecture('q').status === 'ready',
      'p and q indexed after the outside resume',
      240_000,
    );
    expect(states.at(-1)).toMatchObject({ paused: false, heldLectures: [] });
  }, 300_000);

  it('cancels a running lecture: it leaves the queue marked cancelled, not done, and can be indexed again', async () => {
    const { folder, service, events, lecture } = await setup(['c']);
    await service.addFolder({ path: folder });
    service.startBackgroundWork();
    await until(() => events.some((e) => e.stage === 'audio' && e.done === 1), 'c to pass audio');
    const c = lecture('c').id;
    await service.cancelIndexing({ lectureId: c });
    await until(async () => !(await service.getJobs({})).running, 'the queue to stop');
    expect(lecture('c').status).toBe('cancelled');
    expect(events.some((e) => e.lectureId === c && e.stage === 'done')).toBe(false);
    expect((await service.listLectures({})).find((l) => l.id === c)?.chapterCount).toBe(0);

    expect(await service.reindex({ lectureId: c })).toEqual({ queued: 1 });
    await until(() => lecture('c').status === 'ready', 'c to be indexed again', 120_000);
  }, 300_000);
});
