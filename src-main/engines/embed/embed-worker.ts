/**
 * Worker-thread entry: loads one embedding backend (workerData.spec) and answers calls one at a
 * time. Vectors go back as transferred buffers (no copy).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type EmbedBackend, type EmbedBackendSpec, type EmbedMethod, loadEmbedBackend } from './embed-backend.ts';
import { type FromWorker, serializeError, type ToWorker } from './embed-worker-protocol.ts';

const port = parentPort;
if (!port) throw new Error('embed-worker.ts must run in a worker thread');

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

const spec = (workerData as { spec: EmbedBackendSpec }).spec;

async function serve(backend: EmbedBackend): Promise<void> {
  const methods = (['embed', 'embedImages', 'embedTexts'] as EmbedMethod[]).filter(
    (m) => typeof backend[m] === 'function',
  );
  let chain = Promise.resolve();
  port!.on('message', (message: ToWorker) => {
    chain = chain.then(() => handle(backend, message));
  });
  post({ type: 'ready', id: backend.id, dim: backend.dim, textAligned: backend.textAligned, methods });
}

async function handle(backend: EmbedBackend, message: ToWorker): Promise<void> {
  if (message.type === 'close') {
    await backend.close().catch(() => {});
    post({ type: 'closed' });
    port!.close();
    return;
  }
  try {
    const fn = backend[message.method];
    if (!fn) throw new Error(`${backend.id} has no ${message.method}`);
    const vectors = await fn.call(backend, message.items as never);
    const buffers = [...new Set(vectors.map((v) => v.buffer as ArrayBuffer))];
    post({ type: 'result', id: message.id, vectors }, buffers);
  } catch (error) {
    post({ type: 'error', id: message.id, error: serializeError(error) });
  }
}

// A load failure is reported as a message; the caller then terminates this thread.
await loadEmbedBackend(spec).then(serve, (error: unknown) =>
  post({ type: 'error', id: null, error: serializeError(error) }),
);
