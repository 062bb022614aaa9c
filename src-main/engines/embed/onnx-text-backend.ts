/**
 * A BERT-style sentence encoder in ONNX (e.g. all-MiniLM-L6-v2): WordPiece tokens in, masked mean
 * of last_hidden_state out, L2-normalised. Graphs that already pool (an output named
 * sentence_embedding, or any 2-D output) are used as they are.
 */
import type { EmbedBackend } from './embed-backend.ts';
import { openOnnxSession, ort, requireInputs, staticAxis } from './onnx-session.ts';
import type { OnnxTextEmbedderOptions } from './text-embedder.ts';
import { encodeBatch, loadTokenizer } from './tokenizer-file.ts';
import { l2NormaliseInPlace, maskedMeanPool, splitRows } from './vector-pooling.ts';

export async function loadOnnxTextBackend(
  options: OnnxTextEmbedderOptions,
  fingerprint: string,
): Promise<EmbedBackend> {
  const tokenizer = loadTokenizer(options.tokenizerPath);
  const session = await openOnnxSession(options.modelPath, options.threads);
  requireInputs(session, options.modelPath, ['input_ids']);
  const fixedLength = staticAxis(session, 'input_ids', 1);
  const maxTokens = options.maxTokens ?? 256;
  const pooledName = session.outputNames.find((n) => n === 'sentence_embedding' || n === 'text_embeds');
  const hiddenName = session.outputNames.includes('last_hidden_state') ? 'last_hidden_state' : session.outputNames[0];
  const outputName = pooledName ?? hiddenName;

  async function run(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const batch = encodeBatch(tokenizer, texts, maxTokens, { fixedLength });
    const dims = [batch.batch, batch.seq];
    const feeds: Record<string, ort.Tensor> = { input_ids: new ort.Tensor('int64', batch.inputIds, dims) };
    if (session.inputNames.includes('attention_mask'))
      feeds.attention_mask = new ort.Tensor('int64', batch.attentionMask, dims);
    if (session.inputNames.includes('token_type_ids'))
      feeds.token_type_ids = new ort.Tensor('int64', batch.tokenTypeIds, dims);
    const results = await session.run(feeds, [outputName]);
    const out = results[outputName];
    const data = out.data as Float32Array;
    let rows: Float32Array[];
    if (out.dims.length === 3)
      rows = maskedMeanPool(data, batch.attentionMask, batch.batch, batch.seq, Number(out.dims[2]));
    else if (out.dims.length === 2) rows = splitRows(data, batch.batch, Number(out.dims[1]));
    else throw new Error(`unexpected output shape [${out.dims.join(', ')}] from ${options.modelPath}`);
    out.dispose();
    return rows.map(l2NormaliseInPlace);
  }

  // Probe the output width once with a one-word batch.
  const dim = (await run(['dimension probe']))[0].length;
  return {
    id: `onnx-text:${fingerprint}`,
    dim,
    textAligned: false,
    embed: run,
    async close(): Promise<void> {
      await session.release();
    },
  };
}
