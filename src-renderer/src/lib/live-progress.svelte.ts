import type { JobsState, LiveUpdate, ProgressEvent } from '../../../src-main/api/contract.ts';
import type { LecternClient } from '../api.ts';
import { isFinal } from './index-progress.ts';

/** A progress event and when this window received it (performance.now()). */
export type LiveEvent = ProgressEvent & { receivedAt: number };

/**
 * What the host is indexing right now, kept current from its progress stream (nothing polls).
 * Views read `jobs` and `byLecture`, and listen with `onUpdate` to know when to read lists again.
 */
export class LiveProgress {
  jobs = $state<JobsState>({
    running: false,
    paused: false,
    queued: 0,
    current: null,
    secondsLeft: null,
    heldLectures: [],
  });
  /** The latest event per lecture id. */
  byLecture = $state<Record<number, LiveEvent>>({});
  connected = $state(true);
  private listeners: Array<(update: LiveUpdate) => void> = [];

  constructor(client: LecternClient) {
    client.subscribe((update) => this.apply(update));
    client.onConnection((connected) => (this.connected = connected));
  }

  onUpdate(listener: (update: LiveUpdate) => void): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  apply(update: LiveUpdate): void {
    if (update.kind === 'jobs') {
      this.jobs = update.state;
      // Nothing runs: any stage still shown as under way was interrupted (paused, cancelled,
      // or its end was missed while disconnected); the stored status tells the rest.
      if (!update.state.running) {
        for (const [id, event] of Object.entries(this.byLecture)) {
          if (!isFinal(event)) delete this.byLecture[Number(id)];
        }
      }
    } else if (update.kind === 'progress') {
      const event = update.event;
      // A skipped link is a report, not work: the jobs shown stay as they are.
      if (!(event.stage === 'skipped' && event.lectureId === null)) {
        this.jobs = { ...this.jobs, running: true, current: event };
      }
      if (event.lectureId !== null) this.byLecture[event.lectureId] = { ...event, receivedAt: performance.now() };
    }
    for (const listener of this.listeners) listener(update);
  }
}
