/**
 * Builds tiny ONNX graphs with the same inputs and outputs as real encoders, so tests and the
 * bench exercise the real loading, tokenising, preprocessing, batching and pooling code without a
 * downloaded model. Weights are whatever the caller passes, so results can be computed by hand.
 * Uses `onnx-proto` (a dev dependency): import this file only from tests and benches.
 */
import { createRequire } from 'node:module';
import type { onnx as OnnxNamespace } from 'onnx-proto';

const { onnx } = createRequire(import.meta.url)('onnx-proto') as { onnx: typeof OnnxNamespace };

const FLOAT = 1;
const INT64 = 7;
const OPSET = 13;

type Dim = number | string;

function valueInfo(name: string, elemType: number, dims: Dim[]): OnnxNamespace.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function floatTensor(name: string, dims: number[], values: ArrayLike<number>): OnnxNamespace.ITensorProto {
  const data = Float32Array.from(values);
  if (data.length !== dims.reduce((a, b) => a * b, 1))
    throw new Error(`${name}: ${data.length} values for dims ${dims}`);
  return { name, dims, dataType: FLOAT, rawData: new Uint8Array(data.buffer) };
}

function int64Tensor(name: string, dims: number[], values: number[]): OnnxNamespace.ITensorProto {
  return { name, dims, dataType: INT64, rawData: new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer) };
}

function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  attrs: OnnxNamespace.IAttributeProto[] = [],
): OnnxNamespace.INodeProto {
  return { opType, input: inputs, output: outputs, name: outputs[0], attribute: attrs };
}

function model(graph: OnnxNamespace.IGraphProto): Uint8Array {
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'lectern-tests',
      opsetImport: [{ domain: '', version: OPSET }],
      graph,
    }),
  ).finish();
}

/**
 * A "BERT": last_hidden_state[b, s] = embeddings[input_ids[b, s]] + typeEmbeddings[token_type_ids[b, s]].
 * Inputs input_ids / attention_mask / token_type_ids [batch, sequence] int64 (attention_mask is
 * accepted and unused, as pooling is the embedder's job). Output last_hidden_state [batch, sequence, dim].
 */
export function tinyTextEncoderOnnx(embeddings: number[][], typeEmbeddings?: number[][]): Uint8Array {
  const dim = embeddings[0].length;
  const types = typeEmbeddings ?? [new Array(dim).fill(0), new Array(dim).fill(0)];
  return model({
    name: 'tiny-text-encoder',
    node: [
      node('Gather', ['word_embeddings', 'input_ids'], ['words'], [{ name: 'axis', type: 2, i: 0 }]),
      node('Gather', ['type_embeddings', 'token_type_ids'], ['types'], [{ name: 'axis', type: 2, i: 0 }]),
      node('Add', ['words', 'types'], ['last_hidden_state']),
    ],
    initializer: [
      floatTensor('word_embeddings', [embeddings.length, dim], embeddings.flat()),
      floatTensor('type_embeddings', [types.length, dim], types.flat()),
    ],
    input: [
      valueInfo('input_ids', INT64, ['batch', 'sequence']),
      valueInfo('attention_mask', INT64, ['batch', 'sequence']),
      valueInfo('token_type_ids', INT64, ['batch', 'sequence']),
    ],
    output: [valueInfo('last_hidden_state', FLOAT, ['batch', 'sequence', dim])],
  });
}

/**
 * A CLIP visual tower: image_embeds = mean over pixels of pixel_values (per channel) x projection.
 * Input pixel_values [batch, 3, size, size] float32; output image_embeds [batch, dim].
 */
export function tinyClipVisualOnnx(projection: number[][], size = 224): Uint8Array {
  const dim = projection[0].length;
  if (projection.length !== 3) throw new Error('projection must be 3 x dim');
  return model({
    name: 'tiny-clip-visual',
    node: [
      node(
        'ReduceMean',
        ['pixel_values'],
        ['channel_means'],
        [
          { name: 'axes', type: 7, ints: [2, 3] },
          { name: 'keepdims', type: 2, i: 0 },
        ],
      ),
      node('MatMul', ['channel_means', 'visual_projection'], ['image_embeds']),
    ],
    initializer: [floatTensor('visual_projection', [3, dim], projection.flat())],
    input: [valueInfo('pixel_values', FLOAT, ['batch', 3, size, size])],
    output: [valueInfo('image_embeds', FLOAT, ['batch', dim])],
  });
}

/**
 * A CLIP text tower: text_embeds = sum of embeddings[input_ids] over positions where
 * attention_mask is 1. Inputs input_ids / attention_mask [batch, contextLength] int64 (a number
 * makes the sequence axis static, as many CLIP exports have it at 77); output text_embeds [batch, dim].
 */
export function tinyClipTextOnnx(embeddings: number[][], contextLength: Dim = 77): Uint8Array {
  const dim = embeddings[0].length;
  return model({
    name: 'tiny-clip-text',
    node: [
      node('Gather', ['token_embedding', 'input_ids'], ['tokens'], [{ name: 'axis', type: 2, i: 0 }]),
      node('Cast', ['attention_mask'], ['mask_float'], [{ name: 'to', type: 2, i: FLOAT }]),
      node('Unsqueeze', ['mask_float', 'last_axis'], ['mask_3d']),
      node('Mul', ['tokens', 'mask_3d'], ['masked']),
      node('ReduceSum', ['masked', 'sequence_axis'], ['text_embeds'], [{ name: 'keepdims', type: 2, i: 0 }]),
    ],
    initializer: [
      floatTensor('token_embedding', [embeddings.length, dim], embeddings.flat()),
      int64Tensor('last_axis', [1], [2]),
      int64Tensor('sequence_axis', [1], [1]),
    ],
    input: [
      valueInfo('input_ids', INT64, ['batch', contextLength]),
      valueInfo('attention_mask', INT64, ['batch', contextLength]),
    ],
    output: [valueInfo('text_embeds', FLOAT, ['batch', dim])],
  });
}

/** A CLIP-style byte-level BPE tokenizer.json over a tiny vocabulary (lowercase words a-z). */
export function tinyClipTokenizerJson(words: string[]): Record<string, unknown> {
  const vocab: Record<string, number> = {};
  const add = (t: string) => {
    if (!(t in vocab)) vocab[t] = Object.keys(vocab).length;
  };
  for (let c = 97; c <= 122; c++) add(String.fromCharCode(c));
  for (let c = 97; c <= 122; c++) add(`${String.fromCharCode(c)}</w>`);
  const merges: string[] = [];
  for (const word of words) {
    // Merge left to right: w o r d</w> -> wo r d</w> -> wor d</w> -> word</w>
    const chars = [...word];
    let left = chars[0];
    for (let i = 1; i < chars.length; i++) {
      const right = i === chars.length - 1 ? `${chars[i]}</w>` : chars[i];
      merges.push(`${left} ${right}`);
      left = left + right;
      add(left);
    }
  }
  add('<|startoftext|>');
  add('<|endoftext|>');
  const bos = vocab['<|startoftext|>'];
  const eos = vocab['<|endoftext|>'];
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [
      {
        id: bos,
        content: '<|startoftext|>',
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: true,
        special: true,
      },
      {
        id: eos,
        content: '<|endoftext|>',
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      },
    ],
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'NFC' },
        { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' },
        { type: 'Lowercase' },
      ],
    },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        {
          type: 'Split',
          pattern: { Regex: "'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+" },
          behavior: 'Removed',
          invert: true,
        },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: {
      type: 'RobertaProcessing',
      sep: ['<|endoftext|>', eos],
      cls: ['<|startoftext|>', bos],
      trim_offsets: false,
      add_prefix_space: false,
    },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: '<|endoftext|>',
      continuing_subword_prefix: '',
      end_of_word_suffix: '</w>',
      fuse_unk: false,
      byte_fallback: false,
      vocab,
      merges,
    },
  };
}
