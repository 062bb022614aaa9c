import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { UserError } from '../core/user-error.ts';

/**
 * Checks that a file is an ONNX model without loading it: an ONNX file is one protobuf
 * ModelProto, so its top-level fields are walked (tag, then a varint, a fixed width or a length
 * to skip) to the file's end. It must end exactly there and hold an IR version (field 1) and a
 * graph (field 7). This catches what a size check cannot: a truncated or padded copy, an HTML
 * error page saved as model.onnx, a whisper .bin imported under an ONNX model's name. The weights
 * themselves are not read (onnxruntime does that when the model is first used).
 */

const IR_VERSION_FIELD = 1;
const GRAPH_FIELD = 7;
/** ModelProto has about a dozen top-level fields; a file with thousands is not one. */
const MAX_TOP_LEVEL_FIELDS = 4096;

function notOnnx(file: string, why: string): UserError {
  return new UserError(
    'onnx-model-invalid',
    `${file} is not a usable ONNX model: ${why}.`,
    'Download it again (`lectern models install <name>`), or import the right file.',
  );
}

/** Reads a base-128 varint at `position`; Number arithmetic keeps values up to 2^53 exact. */
function readVarint(fd: number, position: number, size: number): { value: number; next: number } | null {
  const bytes = Buffer.alloc(10);
  const read = readSync(fd, bytes, 0, Math.min(10, size - position), position);
  let value = 0;
  let scale = 1;
  for (let i = 0; i < read; i++) {
    value += (bytes[i] & 0x7f) * scale;
    if ((bytes[i] & 0x80) === 0) return { value, next: position + i + 1 };
    scale *= 128;
  }
  return null;
}

/** Throws a user error naming what is wrong when `file` is not an ONNX model. */
export function checkOnnxModelFile(file: string): void {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) throw notOnnx(file, 'the file is empty');
    const seen = new Set<number>();
    let position = 0;
    for (let fields = 0; position < size; fields++) {
      if (fields >= MAX_TOP_LEVEL_FIELDS) throw notOnnx(file, 'it does not have the structure of one');
      const tag = readVarint(fd, position, size);
      if (!tag || tag.value === 0) throw notOnnx(file, `unreadable data at byte ${position}`);
      const field = Math.floor(tag.value / 8);
      const wireType = tag.value % 8;
      position = tag.next;
      if (wireType === 0) {
        const value = readVarint(fd, position, size);
        if (!value) throw notOnnx(file, `unreadable data at byte ${position}`);
        position = value.next;
      } else if (wireType === 1) {
        position += 8;
      } else if (wireType === 2) {
        const length = readVarint(fd, position, size);
        if (!length) throw notOnnx(file, `unreadable data at byte ${position}`);
        position = length.next + length.value;
      } else if (wireType === 5) {
        position += 4;
      } else {
        throw notOnnx(file, `unreadable data at byte ${position}`);
      }
      seen.add(field);
    }
    if (position > size) throw notOnnx(file, `it is cut short (${size} bytes, its structure needs ${position})`);
    if (!seen.has(IR_VERSION_FIELD) || !seen.has(GRAPH_FIELD)) throw notOnnx(file, 'it holds no model graph');
  } finally {
    closeSync(fd);
  }
}
