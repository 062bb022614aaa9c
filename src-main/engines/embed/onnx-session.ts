/**
 * Opens an ONNX model with onnxruntime-node on the CPU execution provider, turning a bad file
 * into a UserError the user can act on.
 */
import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';
import { UserError } from '../../core/user-error.ts';

export { ort };

export function defaultThreads(): number {
  return Math.max(1, Math.floor(availableParallelism() / 2));
}

export async function openOnnxSession(file: string, threads?: number): Promise<ort.InferenceSession> {
  try {
    return await ort.InferenceSession.create(file, {
      executionProviders: ['cpu'],
      intraOpNumThreads: threads ?? defaultThreads(),
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    });
  } catch (error) {
    throw new UserError(
      'model-invalid',
      `Could not load the ONNX model ${file}: ${(error as Error).message}`,
      'The file may be incomplete or not an ONNX model; re-install it with `lectern models install`.',
    );
  }
}

/** The static size of a tensor input's axis, or undefined when the axis is dynamic/unknown. */
export function staticAxis(session: ort.InferenceSession, input: string, axis: number): number | undefined {
  const meta = session.inputMetadata.find((m) => m.name === input);
  if (!meta || !meta.isTensor) return undefined;
  const dim = meta.shape[axis];
  return typeof dim === 'number' && dim > 0 ? dim : undefined;
}

/** Throws a UserError unless the session has all the named inputs. */
export function requireInputs(session: ort.InferenceSession, file: string, names: string[]): void {
  const missing = names.filter((n) => !session.inputNames.includes(n));
  if (missing.length) {
    throw new UserError(
      'model-invalid',
      `The ONNX model ${file} has no input ${missing.join(', ')} (it has ${session.inputNames.join(', ')}).`,
      'This model is not the kind of encoder expected here; check which file was installed for which role.',
    );
  }
}
