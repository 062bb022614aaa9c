import { describe, expect, it } from 'vitest';
import { isAbortError, PoolClosedError, WorkerPool } from './worker-pool.ts';

interface CountingWorker {
  id: number;
  tasks: number;
  destroyed: boolean;
}

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function makePool(size: number) {
  const created: CountingWorker[] = [];
  const pool = new WorkerPool<CountingWorker>({
    size,
    create: async () => {
      const worker = { id: created.length, tasks: 0, destroyed: false };
      created.push(worker);
      return worker;
    },
    destroy: async (worker) => {
      worker.destroyed = true;
    },
  });
  return { pool, created };
}

/** Lets queued promise callbacks run (the pool hands out work in microtasks). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('WorkerPool', () => {
  it('runs at most `size` tasks at once and reuses its workers', async () => {
    const { pool, created } = makePool(2);
    let running = 0;
    let peak = 0;
    const gates = Array.from({ length: 6 }, () => deferred());
    const results = gates.map((gate, i) =>
      pool.run(async ({ worker }) => {
        running += 1;
        peak = Math.max(peak, running);
        worker.tasks += 1;
        await gate.promise;
        running -= 1;
        return i * 10;
      }),
    );
    await settle();
    expect(running).toBe(2);
    expect(pool.queued).toBe(4);
    for (const gate of gates) gate.resolve();
    expect(await Promise.all(results)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(peak).toBe(2);
    expect(created).toHaveLength(2);
    expect(created.reduce((sum, w) => sum + w.tasks, 0)).toBe(6);
    await pool.close();
    expect(created.every((w) => w.destroyed)).toBe(true);
  });

  it('starts workers lazily, and warm() starts them ahead of work', async () => {
    const { pool, created } = makePool(3);
    expect(created).toHaveLength(0);
    await pool.warm(1);
    expect(created).toHaveLength(1);
    await pool.run(async () => 'one');
    expect(pool.started).toBe(1);
    await pool.close();
  });

  it('rejects a queued task when its signal aborts, and never runs it', async () => {
    const { pool } = makePool(1);
    const gate = deferred();
    const first = pool.run(async () => {
      await gate.promise;
      return 'first';
    });
    const controller = new AbortController();
    let secondRan = false;
    const second = pool.run(async () => {
      secondRan = true;
      return 'second';
    }, controller.signal);
    await settle();
    controller.abort();
    await expect(second).rejects.toSatisfy(isAbortError);
    expect(pool.queued).toBe(0);
    gate.resolve();
    expect(await first).toBe('first');
    await settle();
    expect(secondRan).toBe(false);
    await pool.close();
  });

  it('rejects a running task at once on abort, lets it finish, and returns the worker to the pool', async () => {
    const { pool, created } = makePool(1);
    const gate = deferred();
    const controller = new AbortController();
    let sawAbort = false;
    const running = pool.run(async ({ signal }) => {
      await gate.promise;
      sawAbort = signal.aborted;
      return 'late';
    }, controller.signal);
    await settle();
    controller.abort();
    await expect(running).rejects.toSatisfy(isAbortError);
    gate.resolve();
    expect(await pool.run(async ({ worker }) => worker.id)).toBe(0);
    expect(sawAbort).toBe(true);
    expect(created).toHaveLength(1);
    await pool.close();
  });

  it('rejects at once when the signal is already aborted', async () => {
    const { pool, created } = makePool(1);
    await expect(pool.run(async () => 1, AbortSignal.abort())).rejects.toSatisfy(isAbortError);
    expect(created).toHaveLength(0);
    await pool.close();
  });

  it('uses the abort reason the caller gave', async () => {
    const { pool } = makePool(1);
    const controller = new AbortController();
    controller.abort(new Error('user pressed stop'));
    await expect(pool.run(async () => 1, controller.signal)).rejects.toThrow('user pressed stop');
    await pool.close();
  });

  it('replaces a worker a task marked broken', async () => {
    const { pool, created } = makePool(1);
    await expect(
      pool.run(async ({ markBroken }) => {
        markBroken();
        throw new Error('thread died');
      }),
    ).rejects.toThrow('thread died');
    expect(created[0].destroyed).toBe(true);
    expect(await pool.run(async ({ worker }) => worker.id)).toBe(1);
    await pool.close();
  });

  it('passes a task error to its caller and keeps serving others', async () => {
    const { pool } = makePool(2);
    const failing = pool.run(async () => {
      throw new Error('bad image');
    });
    const fine = pool.run(async () => 'ok');
    await expect(failing).rejects.toThrow('bad image');
    expect(await fine).toBe('ok');
    await pool.close();
  });

  it('on close rejects queued tasks and refuses new ones', async () => {
    const { pool } = makePool(1);
    const gate = deferred();
    const running = pool.run(async () => {
      await gate.promise;
      return 'done';
    });
    const queued = pool.run(async () => 'never');
    await settle();
    const closing = pool.close();
    await expect(queued).rejects.toBeInstanceOf(PoolClosedError);
    gate.resolve();
    await closing;
    await expect(running).resolves.toBe('done');
    await expect(pool.run(async () => 1)).rejects.toBeInstanceOf(PoolClosedError);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => makePool(0)).toThrow(RangeError);
    expect(() => makePool(1.5)).toThrow(RangeError);
  });
});
