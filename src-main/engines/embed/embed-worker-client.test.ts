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
});
