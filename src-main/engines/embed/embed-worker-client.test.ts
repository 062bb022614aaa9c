import { describe, expect, it } from 'vitest';
import { EmbedWorkerPool, type EmbedWorkerClient } from './embed-worker-client.ts';

/** A client that records what it was sent and answers when told to. */
function recordingClient() {
  const sent: string[][] = [];
  const answers: Array<() => void> = [];
  const client = {
    closed: false,
    send(_method: string, items: string[]): Promise<Float32Array[]> {
      sent.push(items);
      return new Promise((resolve) => answers.push(() => resolve(items.map((t) => Float32Array.of(t.length)))));
    },
  };
  return { client: client as unknown as EmbedWorkerClient, sent, answers };
}

/** Answers every batch the clients get, turn by turn, until none is left waiting. */
async function answerPending(...clients: Array<ReturnType<typeof recordingClient>>): Promise<void> {
  for (let turn = 0; turn < 20; turn++) {
    for (const c of clients) c.answers.shift()?.();
    await new Promise((r) => setImmediate(r));
  }
}

describe('EmbedWorkerPool', () => {
  it('sends the first batch before call() returns when no other call is running', async () => {
    const { client, sent, answers } = recordingClient();
    const pool = new EmbedWorkerPool([client], 4);
    const pending = pool.call('embed', ['query']);
    // Synchronously, with no await in between: the worker already has the query.
    expect(sent).toEqual([['query']]);
    answers[0]();
    expect(await pending).toEqual([Float32Array.of(5)]);
  });

  it('runs calls one at a time: a second call waits for the first to finish', async () => {
    const { client, sent, answers } = recordingClient();
    const pool = new EmbedWorkerPool([client], 4);
    const first = pool.call('embed', ['aa']);
    const second = pool.call('embed', ['bbb']);
    await new Promise((r) => setImmediate(r));
    expect(sent).toEqual([['aa']]);
    answers[0]();
    expect(await first).toEqual([Float32Array.of(2)]);
    await new Promise((r) => setImmediate(r));
    expect(sent).toEqual([['aa'], ['bbb']]);
    answers[1]();
    expect(await second).toEqual([Float32Array.of(3)]);
  });

  it('adds its other workers the first time a call has several batches, and they take some of them', async () => {
    const first = recordingClient();
    const second = recordingClient();
    let started = 0;
    const pool = new EmbedWorkerPool([first.client], 1, {
      max: 2,
      start: async () => {
        started++;
        return second.client;
      },
    });
    // One batch (a search query): no second worker.
    const one = pool.call('embed', ['q']);
    first.answers.shift()!();
    await one;
    expect(started).toBe(0);
    // Several batches (indexing): the second worker starts and joins this call.
    const many = pool.call('embed', ['a', 'bb', 'ccc', 'dddd']);
    const answerAll = () => answerPending(first, second);
    await answerAll();
    expect(await many).toEqual([1, 2, 3, 4].map((n) => Float32Array.of(n)));
    expect(started).toBe(1);
    expect(second.sent.length).toBeGreaterThan(0);
    expect(first.sent.length + second.sent.length).toBe(5);
    // Started once: a later call uses both without starting more.
    const again = pool.call('embed', ['e', 'ff']);
    await answerAll();
    await again;
    expect(started).toBe(1);
  });

  it('keeps working with the workers it has when another cannot start', async () => {
    const first = recordingClient();
    const pool = new EmbedWorkerPool([first.client], 1, {
      max: 2,
      start: () => Promise.reject(new Error('no memory')),
    });
    const call = pool.call('embed', ['a', 'bb', 'ccc']);
    await answerPending(first);
    expect(await call).toEqual([1, 2, 3].map((n) => Float32Array.of(n)));
  });
});
