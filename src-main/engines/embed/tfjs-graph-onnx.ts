/**
 * Converts a TensorFlow.js graph model (model.json + weight shards) into an ONNX model, node by
 * node, so onnxruntime-node can run it. The Universal Sentence Encoder lite that ships in npm is
 * a tfjs graph; tfjs's WebAssembly backend spends most of a short query dispatching its ~250 ops
 * one by one, where onnxruntime runs the same graph with its fused CPU kernels several times faster.
 *
 * Covers the TensorFlow ops that graph uses (sparse-to-dense input, transformer layers, pooling);
 * any other op fails loudly with its name rather than converting wrongly. Every TF int32 becomes
 * ONNX int64 (ONNX shape and index ops want int64), so Casts between the two are no-ops.
 * Checked against tfjs on the same sentences in tfjs-graph-onnx.test.ts.
 */
import { createRequire } from 'node:module';
import type { onnx as OnnxNamespace } from 'onnx-proto';

const { onnx } = createRequire(import.meta.url)('onnx-proto') as { onnx: typeof OnnxNamespace };

type AttrValue = {
  i?: string | number;
  b?: boolean;
  f?: number;
  type?: number | string;
  s?: string | number[];
  list?: { i?: Array<string | number> };
  shape?: { dim?: Array<{ size: string | number }> };
};

interface TfjsNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, AttrValue>;
}

export interface TfjsGraphModel {
  modelTopology: { node: TfjsNode[] };
  weightsManifest: Array<{ paths: string[]; weights: Array<{ name: string; shape: number[]; dtype: string }> }>;
}

const ONNX_FLOAT = 1;
const ONNX_INT64 = 7;
const ONNX_BOOL = 9;
const OPSET = 18;
/** Stands for "to the end" in Slice ends (ORT clamps it to the axis length). */
const TO_END = Number.MAX_SAFE_INTEGER;

/** TensorFlow DataType enum (numbers or DT_ names in model.json) to ONNX element types. */
function onnxType(tfType: number | string | undefined): number {
  switch (tfType) {
    case 1:
    case 'DT_FLOAT':
      return ONNX_FLOAT;
    case 3:
    case 9:
    case 'DT_INT32':
    case 'DT_INT64':
      return ONNX_INT64;
    case 10:
    case 'DT_BOOL':
      return ONNX_BOOL;
    default:
      throw new Error(`tfjs graph: unsupported data type ${String(tfType)}`);
  }
}

interface ConstValue {
  dims: number[];
  /** Integer constants only: their values (the converter needs axes, perms and slice bounds). */
  ints?: number[];
}

class OnnxGraph {
  readonly nodes: OnnxNamespace.INodeProto[] = [];
  readonly initializers: OnnxNamespace.ITensorProto[] = [];
  private count = 0;

  op(opType: string, inputs: string[], attrs: OnnxNamespace.IAttributeProto[] = [], outputs?: string[]): string {
    const out = outputs ?? [`_${opType}_${this.count++}`];
    this.nodes.push({ opType, input: inputs, output: out, name: out[0], attribute: attrs });
    return out[0];
  }

  ints(values: number[], name = `_ints_${this.count++}`): string {
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    this.initializers.push({
      name,
      dims: [values.length],
      dataType: ONNX_INT64,
      rawData: new Uint8Array(data.buffer),
    });
    return name;
  }

  tensor(name: string, dims: number[], dataType: number, rawData: Uint8Array): void {
    this.initializers.push({ name, dims, dataType, rawData });
  }
}

function attrInt(node: TfjsNode, key: string, fallback = 0): number {
  const value = node.attr?.[key]?.i;
  return value === undefined ? fallback : Number(value);
}

function attrBool(node: TfjsNode, key: string): boolean {
  return node.attr?.[key]?.b === true;
}

function attrInts(node: TfjsNode, key: string): number[] {
  return (node.attr?.[key]?.list?.i ?? []).map(Number);
}

function intAttr(name: string, value: number): OnnxNamespace.IAttributeProto {
  return { name, type: 2, i: value };
}

function intsAttr(name: string, values: number[]): OnnxNamespace.IAttributeProto {
  return { name, type: 7, ints: values };
}

/** ONNX name of a TF tensor reference ("node", "node:0" -> "node"; "node:1" stays). */
function tensorName(ref: string): string {
  return ref.endsWith(':0') ? ref.slice(0, -2) : ref;
}

export function tfjsGraphToOnnx(model: TfjsGraphModel, weightData: Uint8Array): Uint8Array {
  const g = new OnnxGraph();
  const constants = new Map<string, ConstValue>();
  /** Rank of tensors made by a Transpose (BatchMatMul's adjoint flags need it). */
  const ranks = new Map<string, number>();

  let offset = 0;
  for (const w of model.weightsManifest.flatMap((group) => group.weights)) {
    const count = w.shape.reduce((a, b) => a * b, 1);
    const bytes = weightData.subarray(offset, offset + count * 4);
    offset += count * 4;
    if (w.dtype === 'float32') {
      // A view: the encoder copies it into the model once (the weights are most of 28 MB).
      g.tensor(w.name, w.shape, ONNX_FLOAT, bytes);
      constants.set(w.name, { dims: w.shape });
    } else if (w.dtype === 'int32') {
      // A copy: Int32Array needs its own aligned buffer.
      const ints = Array.from(new Int32Array(new Uint8Array(bytes).buffer));
      const data = BigInt64Array.from(ints.map((v) => BigInt(v)));
      g.tensor(w.name, w.shape, ONNX_INT64, new Uint8Array(data.buffer));
      constants.set(w.name, { dims: w.shape, ints });
    } else {
      throw new Error(`tfjs graph: unsupported weight type ${w.dtype} (${w.name})`);
    }
  }
  if (offset !== weightData.byteLength) {
    throw new Error(`tfjs graph: weights are ${weightData.byteLength} bytes, the manifest describes ${offset}`);
  }

  const constInts = (ref: string): number[] => {
    const value = constants.get(tensorName(ref))?.ints;
    if (!value) throw new Error(`tfjs graph: ${ref} must be an integer constant`);
    return value;
  };
  const inputs: OnnxNamespace.IValueInfoProto[] = [];
  const consumed = new Set<string>();

  for (const node of model.modelTopology.node) {
    const ins = (node.input ?? []).filter((i) => !i.startsWith('^')).map(tensorName);
    ins.forEach((i) => consumed.add(i.split(':')[0]));
    const out = [node.name];
    const unary = (opType: string): void => void g.op(opType, [ins[0]], [], out);
    const binary = (opType: string): void => void g.op(opType, [ins[0], ins[1]], [], out);
    const reduce = (opType: string): void =>
      void g.op(
        opType,
        [ins[0], g.ints(constInts(ins[1]))],
        [intAttr('keepdims', attrBool(node, 'keep_dims') ? 1 : 0)],
        out,
      );
    switch (node.op) {
      case 'Const':
        if (!constants.has(node.name)) throw new Error(`tfjs graph: constant ${node.name} has no weights`);
        break;
      case 'Placeholder': {
        const dims = node.attr?.shape?.shape?.dim ?? [];
        inputs.push({
          name: node.name,
          type: {
            tensorType: {
              elemType: onnxType(node.attr?.dtype?.type),
              shape: {
                dim: dims.map((d, i) =>
                  Number(d.size) < 0 ? { dimParam: `${node.name}_${i}` } : { dimValue: Number(d.size) },
                ),
              },
            },
          },
        });
        break;
      }
      case 'Identity':
        unary('Identity');
        break;
      case 'Add':
      case 'BiasAdd':
        binary('Add');
        break;
      case 'Sub':
        binary('Sub');
        break;
      case 'Mul':
        binary('Mul');
        break;
      case 'RealDiv':
        binary('Div');
        break;
      case 'Maximum':
        binary('Max');
        break;
      case 'Less':
        binary('Less');
        break;
      case 'Greater':
        binary('Greater');
        break;
      case 'Square':
        g.op('Mul', [ins[0], ins[0]], [], out);
        break;
      case 'Rsqrt':
        g.op('Reciprocal', [g.op('Sqrt', [ins[0]])], [], out);
        break;
      case 'LogicalNot':
        unary('Not');
        break;
      case 'Sin':
      case 'Cos':
      case 'Relu':
      case 'Tanh':
      case 'Shape':
        unary(node.op);
        break;
      case 'Softmax':
        g.op('Softmax', [ins[0]], [intAttr('axis', -1)], out);
        break;
      case 'Cast':
        g.op('Cast', [ins[0]], [intAttr('to', onnxType(node.attr?.DstT?.type))], out);
        break;
      case 'Max':
        reduce('ReduceMax');
        break;
      case 'Sum':
        reduce('ReduceSum');
        break;
      case 'Mean':
        reduce('ReduceMean');
        break;
      case 'Prod':
        reduce('ReduceProd');
        break;
      case 'Reshape':
        binary('Reshape');
        break;
      case 'Range':
        g.op('Range', ins.slice(0, 3), [], out);
        break;
      case 'Where':
        if (ins.length !== 1) throw new Error(`tfjs graph: Where with ${ins.length} inputs is not supported`);
        g.op('Transpose', [g.op('NonZero', [ins[0]])], [intsAttr('perm', [1, 0])], out);
        break;
      case 'GatherV2':
        if (attrInt(node, 'batch_dims') !== 0) throw new Error(`tfjs graph: GatherV2 with batch_dims (${node.name})`);
        g.op('Gather', [ins[0], ins[1]], [intAttr('axis', constInts(ins[2])[0])], out);
        break;
      case 'GatherNd':
        binary('GatherND');
        break;
      case 'SparseToDense': {
        // indices, output_shape, values, default_value
        const filled = g.op('Expand', [ins[3], ins[1]]);
        g.op('ScatterND', [filled, ins[0], ins[2]], [], out);
        break;
      }
      case 'ScatterNd': {
        // indices, updates, shape (updates are float in the graphs converted here)
        const zeros = g.op(
          'ConstantOfShape',
          [ins[2]],
          [{ name: 'value', type: 4, t: { dims: [1], dataType: ONNX_FLOAT, floatData: [0] } }],
        );
        g.op('ScatterND', [zeros, ins[0], ins[1]], [], out);
        break;
      }
      case 'ExpandDims':
        g.op('Unsqueeze', [ins[0], g.ints(constInts(ins[1]))], [], out);
        break;
      case 'Squeeze':
        g.op('Squeeze', [ins[0], g.ints(attrInts(node, 'squeeze_dims'))], [], out);
        break;
      case 'Pack': {
        const axis = attrInt(node, 'axis');
        const parts = ins.map((i) => g.op('Unsqueeze', [i, g.ints([axis])]));
        g.op('Concat', parts, [intAttr('axis', axis)], out);
        break;
      }
      case 'ConcatV2':
        g.op('Concat', ins.slice(0, -1), [intAttr('axis', constInts(ins[ins.length - 1])[0])], out);
        break;
      case 'Transpose': {
        const perm = constInts(ins[1]);
        g.op('Transpose', [ins[0]], [intsAttr('perm', perm)], out);
        ranks.set(node.name, perm.length);
        break;
      }
      case 'SplitV': {
        const sizes = constInts(ins[1]);
        if (sizes.some((s) => s < 0)) throw new Error(`tfjs graph: SplitV with an inferred size (${node.name})`);
        const outputs = sizes.map((_, k) => (k === 0 ? node.name : `${node.name}:${k}`));
        g.op('Split', [ins[0], g.ints(sizes)], [intAttr('axis', constInts(ins[2])[0])], outputs);
        break;
      }
      case 'StridedSlice':
        stridedSlice(g, node, ins[0], constInts(ins[1]), constInts(ins[2]), constInts(ins[3]));
        break;
      case 'Slice': {
        // TF Slice(input, begin, size): size -1 means "to the end".
        const size = ins[2];
        const toEnd = g.op('Equal', [size, g.ints([-1])]);
        const ends = g.op('Where', [toEnd, g.ints([TO_END]), g.op('Add', [ins[1], size])]);
        g.op('Slice', [ins[0], ins[1], ends], [], out);
        break;
      }
      case 'MatMul': {
        const a = attrBool(node, 'transpose_a') ? g.op('Transpose', [ins[0]], [intsAttr('perm', [1, 0])]) : ins[0];
        const b = attrBool(node, 'transpose_b') ? g.op('Transpose', [ins[1]], [intsAttr('perm', [1, 0])]) : ins[1];
        g.op('MatMul', [a, b], [], out);
        break;
      }
      case 'BatchMatMul':
      case 'BatchMatMulV2': {
        const adjoint = (ref: string, flag: string): string => {
          if (!attrBool(node, flag)) return ref;
          const rank = ranks.get(ref);
          if (!rank) throw new Error(`tfjs graph: ${node.name} needs the rank of ${ref}`);
          const perm = [...Array(rank).keys()];
          [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
          return g.op('Transpose', [ref], [intsAttr('perm', perm)]);
        };
        g.op('MatMul', [adjoint(ins[0], 'adj_x'), adjoint(ins[1], 'adj_y')], [], out);
        break;
      }
      case 'Conv2D': {
        // Only the 1x1, stride-1, channels-last convolutions transformers use as dense layers.
        const kernel = constants.get(ins[1])?.dims;
        const strides = attrInts(node, 'strides');
        if (!kernel || kernel[0] !== 1 || kernel[1] !== 1 || strides.some((s) => s !== 1)) {
          throw new Error(`tfjs graph: only 1x1 stride-1 Conv2D converts (${node.name})`);
        }
        g.op('MatMul', [ins[0], g.op('Squeeze', [ins[1], g.ints([0, 1])])], [], out);
        break;
      }
      default:
        throw new Error(`tfjs graph: op ${node.op} is not supported (${node.name})`);
    }
  }

  const used = new Set(g.nodes.flatMap((n) => n.input ?? []));
  const initializers = g.initializers.filter((t) => used.has(t.name!));
  const outputs = model.modelTopology.node
    .filter((n) => n.op !== 'Const' && n.op !== 'Placeholder' && !consumed.has(n.name))
    .map((n) => ({ name: n.name, type: { tensorType: { elemType: ONNX_FLOAT } } }));
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'lectern-tfjs-graph-onnx',
      opsetImport: [{ domain: '', version: OPSET }],
      graph: { name: 'tfjs', node: g.nodes, initializer: initializers, input: inputs, output: outputs },
    }),
  ).finish();
}

/** TF StridedSlice with constant bounds: an ONNX Slice, then a Squeeze of the shrunk axes. */
function stridedSlice(
  g: OnnxGraph,
  node: TfjsNode,
  x: string,
  begin: number[],
  end: number[],
  strides: number[],
): void {
  if (attrInt(node, 'ellipsis_mask') || attrInt(node, 'new_axis_mask')) {
    throw new Error(`tfjs graph: StridedSlice with ellipsis or new-axis masks (${node.name})`);
  }
  const beginMask = attrInt(node, 'begin_mask');
  const endMask = attrInt(node, 'end_mask');
  const shrinkMask = attrInt(node, 'shrink_axis_mask');
  const starts: number[] = [];
  const ends: number[] = [];
  const shrunk: number[] = [];
  begin.forEach((b, axis) => {
    const bit = 1 << axis;
    const step = strides[axis];
    if (shrinkMask & bit) {
      starts.push(b);
      ends.push(b === -1 ? TO_END : b + 1);
      shrunk.push(axis);
      return;
    }
    starts.push(beginMask & bit ? (step > 0 ? 0 : TO_END) : b);
    ends.push(endMask & bit ? (step > 0 ? TO_END : -TO_END) : end[axis]);
  });
  const axes = begin.map((_, axis) => axis);
  const steps = begin.map((_, axis) => (shrinkMask & (1 << axis) ? 1 : strides[axis]));
  const sliced = g.op(
    'Slice',
    [x, g.ints(starts), g.ints(ends), g.ints(axes), g.ints(steps)],
    [],
    shrunk.length ? undefined : [node.name],
  );
  if (shrunk.length) g.op('Squeeze', [sliced, g.ints(shrunk)], [], [node.name]);
}
