import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { UserError } from '../../core/user-error.ts';

const require = createRequire(import.meta.url);

/**
 * The folder holding `eng.traineddata.gz` (the LSTM "best_int" model) inside the
 * `@tesseract.js-data/eng` package, resolved from this file so it works from any cwd.
 * Passing it as `langPath` keeps tesseract.js off its CDN.
 */
export function englishLangPath(): string {
  let packageJson: string;
  try {
    packageJson = require.resolve('@tesseract.js-data/eng/package.json');
  } catch {
    throw new UserError(
      'ocr-data-missing',
      'The English OCR data (@tesseract.js-data/eng) is not installed.',
      'Run `npm install` in the Lectern folder.',
    );
  }
  const dir = path.join(path.dirname(packageJson), '4.0.0_best_int');
  if (!existsSync(path.join(dir, 'eng.traineddata.gz'))) {
    throw new UserError(
      'ocr-data-missing',
      `The English OCR data is incomplete: ${dir}/eng.traineddata.gz is missing.`,
      'Reinstall @tesseract.js-data/eng.',
    );
  }
  return dir;
}
