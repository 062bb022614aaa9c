/**
 * Worker-thread entry: the lexical half of moment search (LexicalHalf) on its own read-only
 * connection to the library, so a search's FTS5 queries run while the search's thread scans
 * the dense index. Reads the index vocabulary (typo corrections) before it says it is ready;
 * then answers one request at a time, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../store/database.ts';
import { preparedOnce } from '../store/moment-search.ts';
import { LexicalHalf } from './lexical-half.ts';
import type { FromLexicalWorker, ToLexicalWorker } from './lexical-search-thread.ts';

const port = parentPort;
if (!port) throw new Error('lexical-search-worker.ts must run in a worker thread');

const post = (message: FromLexicalWorker) => port.postMessage(message);
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

try {
  const half = new LexicalHalf(
    preparedOnce(openDatabase((workerData as { dataDir: string }).dataDir, { readonly: true })),
  );
  half.spelling();
  port.on('message', (message: ToLexicalWorker) => {
    try {
      post({ type: 'result', id: message.id, result: half.run(message.request) });
    } catch (error) {
      post({ type: 'error', id: message.id, message: errorText(error) });
    }
  });
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'error', id: null, message: errorText(error) });
}
