import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { isUserError, UserError } from '../core/user-error.ts';
import { readWhisperModelInfo } from '../engines/asr/whisper-model-file.ts';
import type { ModelTask } from './catalogue.ts';
import { checkOnnxModelFile } from './onnx-model-file.ts';

/**
 * Whether a model's file is one its engine can use, checked from the file's own structure (not
 * only its size, which an imported file always matches): a speech model's whisper.cpp header,
 * an ONNX model's protobuf layout, a tokenizer's or preprocessor's JSON.
 */
export function checkModelFile(task: ModelTask, file: string): void {
  if (task === 'asr') {
    readWhisperModelInfo(file);
  } else if (/\.onnx$/i.test(file)) {
    checkOnnxModelFile(file);
  } else if (/\.json$/i.test(file)) {
    try {
      JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      throw new UserError(
        'model-file-invalid',
        `${file} is not valid JSON.`,
        'Download the model again (`lectern models install <name>`), or import the right file.',
      );
    }
  }
}

/** Why an installed model's file could not be used, in words, or null when it can. */
export function modelFileProblem(task: ModelTask, file: string): string | null {
  try {
    checkModelFile(task, file);
    return null;
  } catch (error) {
    return isUserError(error) ? error.message : `cannot read ${path.basename(file)}: ${(error as Error).message}`;
  }
}

/** Checks a freshly written model file and removes it when its engine could not use it. */
export function checkInstalledModelFile(task: ModelTask, file: string): void {
  try {
    checkModelFile(task, file);
  } catch (error) {
    rmSync(file, { force: true });
    throw error;
  }
}
