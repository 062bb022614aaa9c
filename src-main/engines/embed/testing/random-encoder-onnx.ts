/**
 * Full-size transformer encoders with random weights, in the shapes of the models users install:
 * a BERT-style sentence encoder (all-MiniLM-L6-v2: 6 layers, 384 wide, 12 heads) and a CLIP
 * ViT-B/32 visual tower (12 layers, 768 wide, 32-pixel patches, 512-d projection). Same inputs,
 * outputs and compute as the real graphs, so the bench can measure what an installed model will
 * cost on this CPU — not its quality (the weights are noise). No real weights can be had here.
 * Noise weights: import only from benches and tests.
 */
import { createRequire } from 'node:module';
import type { onnx as OnnxNamespace } from 'onnx-proto';

const { onnx } = createRequire(import.meta.url)('onnx-proto') as { onnx: typeof OnnxNamespace };

const FLOAT = 1;
const INT64 = 7;

export interface BertShape {
  vocab: number;
  layers: number;
  hidden: number;
  heads: number;
  ffn: number;
  maxPositions: number;
}

export interface VitShape {
  image: number;
  patch: number;
  layers: number;
  hidden: number;
  heads: number;
  ffn: number;
  projection: number;
}

export const MINILM_L6_SHAPE: BertShape = {
  vocab: 30522,
  layers: 6,
  hidden: 384,
  heads: 12,
  ffn: 1536,
  maxPositions: 512,
};
export const CLIP_VIT_B32_SHAPE: VitShape = {
  image: 224,
  patch: 32,
  layers: 12,
  hidden: 768,
  heads: 12,
  ffn: 3072,
  projection: 512,
};

/** Deterministic uniform noise with the spread of the usual N(0, 0.02) initialisation. */
function noise(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  const a = 0.02 * Math.sqrt(3);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = ((s >>> 0) / 4294967296) * 2 * a - a;
  }
  return out;
}

class GraphBuilder {
  readonly nodes: OnnxNamespace.INodeProto[] = [];
  readonly initializers: OnnxNamespace.ITensorProto[] = [];
  private count = 0;
  private seed = 1;

  name(prefix: string): string {
    return `${prefix}_${this.count++}`;
  }

  floats(prefix: string, dims: number[], values?: Float32Array): string {
    const n = dims.reduce((a, b) => a * b, 1);
    const data = values ?? noise(n, this.seed++ * 7919);
    const name = this.name(prefix);
    this.initializers.push({
      name,
      dims,
      dataType: FLOAT,
      rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    });
    return name;
  }

  constant(prefix: string, dims: number[], value: number): string {
    return this.floats(prefix, dims, new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(value));
  }

  ints(prefix: string, values: number[]): string {
    const name = this.name(prefix);
    const data = BigInt64Array.from(values.map(BigInt));
    this.initializers.push({ name, dims: [values.length], dataType: INT64, rawData: new Uint8Array(data.buffer) });
    return name;
  }

  op(opType: string, inputs: string[], attrs: OnnxNamespace.IAttributeProto[] = [], output?: string): string {
    const out = output ?? this.name(opType.toLowerCase());
    this.nodes.push({ opType, input: inputs, output: [out], name: out, attribute: attrs });
    return out;
  }

  linear(x: string, inDim: number, outDim: number): string {
    return this.op('Add', [
      this.op('MatMul', [x, this.floats('w', [inDim, outDim])]),
      this.floats('b', [outDim], new Float32Array(outDim)),
    ]);
  }

  layerNorm(x: string, dim: number, output?: string): string {
    return this.op(
      'LayerNormalization',
      [x, this.constant('ln_g', [dim], 1), this.constant('ln_b', [dim], 0)],
      [
        { name: 'axis', type: 2, i: -1 },
        { name: 'epsilon', type: 1, f: 1e-5 },
      ],
      output,
    );
  }

  /** Multi-head self-attention over x [B, S, hidden]; maskBias broadcastable to [B, heads, S, S]. */
  attention(x: string, hidden: number, heads: number, maskBias?: string): string {
    const dh = hidden / heads;
    const split = this.ints('shape', [0, 0, heads, dh]);
    const q = this.op(
      'Transpose',
      [this.op('Reshape', [this.linear(x, hidden, hidden), split])],
      [{ name: 'perm', type: 7, ints: [0, 2, 1, 3] }],
    );
    const k = this.op(
      'Transpose',
      [this.op('Reshape', [this.linear(x, hidden, hidden), split])],
      [{ name: 'perm', type: 7, ints: [0, 2, 3, 1] }],
    );
    const v = this.op(
      'Transpose',
      [this.op('Reshape', [this.linear(x, hidden, hidden), split])],
      [{ name: 'perm', type: 7, ints: [0, 2, 1, 3] }],
    );
    let scores = this.op('Mul', [this.op('MatMul', [q, k]), this.constant('scale', [1], 1 / Math.sqrt(dh))]);
    if (maskBias) scores = this.op('Add', [scores, maskBias]);
    const probs = this.op('Softmax', [scores], [{ name: 'axis', type: 2, i: -1 }]);
    const ctx = this.op('Transpose', [this.op('MatMul', [probs, v])], [{ name: 'perm', type: 7, ints: [0, 2, 1, 3] }]);
    return this.linear(this.op('Reshape', [ctx, this.ints('shape', [0, 0, hidden])]), hidden, hidden);
  }

  gelu(x: string): string {
    const erf = this.op('Erf', [this.op('Mul', [x, this.constant('inv_sqrt2', [1], Math.SQRT1_2)])]);
    return this.op('Mul', [
      this.op('Mul', [x, this.constant('half', [1], 0.5)]),
      this.op('Add', [erf, this.constant('one', [1], 1)]),
    ]);
  }

  quickGelu(x: string): string {
    return this.op('Mul', [x, this.op('Sigmoid', [this.op('Mul', [x, this.constant('k', [1], 1.702)])])]);
  }

  encode(graph: Omit<OnnxNamespace.IGraphProto, 'node' | 'initializer'>): Uint8Array {
    return onnx.ModelProto.encode(
      onnx.ModelProto.create({
        irVersion: 8,
        producerName: 'lectern-bench',
        opsetImport: [{ domain: '', version: 17 }],
        graph: { ...graph, node: this.nodes, initializer: this.initializers },
      }),
    ).finish();
  }
}

function tensorInfo(name: string, elemType: number, dims: Array<number | string>): OnnxNamespace.IValueInfoProto {
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

/** A post-LN BERT encoder: input_ids / attention_mask / token_type_ids -> last_hidden_state. */
export function randomBertOnnx(shape: BertShape = MINILM_L6_SHAPE): Uint8Array {
  const g = new GraphBuilder();
  const { hidden } = shape;
  const words = g.op(
    'Gather',
    [g.floats('word_emb', [shape.vocab, hidden]), 'input_ids'],
    [{ name: 'axis', type: 2, i: 0 }],
  );
  const seqLen = g.op('Gather', [g.op('Shape', ['input_ids']), g.ints('one', [1])], [{ name: 'axis', type: 2, i: 0 }]);
  const positionsRange = g.op('Range', [
    g.op('Squeeze', [g.ints('zero', [0])]),
    g.op('Squeeze', [seqLen]),
    g.op('Squeeze', [g.ints('step', [1])]),
  ]);
  const positions = g.op(
    'Gather',
    [g.floats('pos_emb', [shape.maxPositions, hidden]), positionsRange],
    [{ name: 'axis', type: 2, i: 0 }],
  );
  const types = g.op(
    'Gather',
    [g.floats('type_emb', [2, hidden]), 'token_type_ids'],
    [{ name: 'axis', type: 2, i: 0 }],
  );
  let x = g.layerNorm(g.op('Add', [g.op('Add', [words, positions]), types]), hidden);
  const maskFloat = g.op('Cast', ['attention_mask'], [{ name: 'to', type: 2, i: FLOAT }]);
  const maskBias = g.op('Unsqueeze', [
    g.op('Mul', [g.op('Sub', [g.constant('one_f', [1], 1), maskFloat]), g.constant('neg', [1], -10000)]),
    g.ints('axes', [1, 2]),
  ]);
  for (let layer = 0; layer < shape.layers; layer++) {
    x = g.layerNorm(g.op('Add', [x, g.attention(x, hidden, shape.heads, maskBias)]), hidden);
    const ff = g.linear(g.gelu(g.linear(x, hidden, shape.ffn)), shape.ffn, hidden);
    x = g.layerNorm(g.op('Add', [x, ff]), hidden, layer === shape.layers - 1 ? 'last_hidden_state' : undefined);
  }
  return g.encode({
    name: 'random-bert',
    input: [
      tensorInfo('input_ids', INT64, ['batch', 'sequence']),
      tensorInfo('attention_mask', INT64, ['batch', 'sequence']),
      tensorInfo('token_type_ids', INT64, ['batch', 'sequence']),
    ],
    output: [tensorInfo('last_hidden_state', FLOAT, ['batch', 'sequence', hidden])],
  });
}

/** A pre-LN CLIP ViT visual tower: pixel_values [B,3,S,S] -> image_embeds [B, projection]. */
export function randomClipVisualOnnx(shape: VitShape = CLIP_VIT_B32_SHAPE): Uint8Array {
  const g = new GraphBuilder();
  const { hidden } = shape;
  const grid = shape.image / shape.patch;
  const tokens = grid * grid + 1;
  const patches = g.op(
    'Conv',
    ['pixel_values', g.floats('patch_w', [hidden, 3, shape.patch, shape.patch])],
    [
      { name: 'strides', type: 7, ints: [shape.patch, shape.patch] },
      { name: 'kernel_shape', type: 7, ints: [shape.patch, shape.patch] },
    ],
  );
  const seq = g.op(
    'Transpose',
    [g.op('Reshape', [patches, g.ints('shape', [0, hidden, grid * grid])])],
    [{ name: 'perm', type: 7, ints: [0, 2, 1] }],
  );
  const batch = g.op('Slice', [g.op('Shape', ['pixel_values']), g.ints('s', [0]), g.ints('e', [1])]);
  const clsShape = g.op('Concat', [batch, g.ints('rest', [1, hidden])], [{ name: 'axis', type: 2, i: 0 }]);
  const cls = g.op('Expand', [g.floats('class_emb', [1, 1, hidden]), clsShape]);
  let x = g.op('Concat', [cls, seq], [{ name: 'axis', type: 2, i: 1 }]);
  x = g.layerNorm(g.op('Add', [x, g.floats('pos_emb', [tokens, hidden])]), hidden);
  for (let layer = 0; layer < shape.layers; layer++) {
    x = g.op('Add', [x, g.attention(g.layerNorm(x, hidden), hidden, shape.heads)]);
    x = g.op('Add', [x, g.linear(g.quickGelu(g.linear(g.layerNorm(x, hidden), hidden, shape.ffn)), shape.ffn, hidden)]);
  }
  const pooled = g.layerNorm(
    g.op('Gather', [x, g.op('Squeeze', [g.ints('cls_index', [0])])], [{ name: 'axis', type: 2, i: 1 }]),
    hidden,
  );
  g.op('MatMul', [pooled, g.floats('proj', [hidden, shape.projection])], [], 'image_embeds');
  return g.encode({
    name: 'random-clip-visual',
    input: [tensorInfo('pixel_values', FLOAT, ['batch', 3, shape.image, shape.image])],
    output: [tensorInfo('image_embeds', FLOAT, ['batch', shape.projection])],
  });
}
