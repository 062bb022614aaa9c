import type { Command } from 'commander';
import { createOcrEngine, type OcrResult } from '../engines/ocr/ocr-engine.ts';
import { loadOcrImage } from '../engines/ocr/ocr-image.ts';

export interface OcrCommandOptions {
  json?: boolean;
}

/** What `lectern ocr --json` prints. */
export interface OcrCommandJson {
  file: string;
  title: string | null;
  text: string;
  lines: Array<{ text: string; confidence: number; box: { x: number; y: number; width: number; height: number } }>;
}

export function ocrJson(file: string, result: OcrResult): OcrCommandJson {
  return {
    file,
    title: result.title,
    text: result.text,
    lines: result.lines.map(({ text, confidence, box }) => ({
      text,
      confidence: Math.round(confidence * 1000) / 1000,
      box,
    })),
  };
}

export function ocrText(file: string, result: OcrResult): string {
  const out = [`${file} (${result.width}x${result.height})`, `title: ${result.title ?? '(none)'}`, 'lines:'];
  for (const { text, confidence, box } of result.lines) {
    const where = `${box.x},${box.y} ${box.width}x${box.height}`;
    out.push(`  ${confidence.toFixed(2)}  ${where.padEnd(20)} ${text}`);
  }
  return `${out.join('\n')}\n`;
}

/** Reads one image with a single OCR worker and writes the lines, boxes and title. */
export async function runOcrCommand(
  image: string,
  options: OcrCommandOptions,
  write: (chunk: string) => void = (chunk) => void process.stdout.write(chunk),
): Promise<OcrResult> {
  await loadOcrImage(image); // a missing or non-image file fails before any worker starts
  const engine = await createOcrEngine({ workers: 1 });
  try {
    const result = await engine.recognize(image);
    write(options.json ? `${JSON.stringify(ocrJson(image, result), null, 2)}\n` : ocrText(image, result));
    return result;
  } finally {
    await engine.close();
  }
}

export function register(program: Command): void {
  program
    .command('ocr')
    .description('read the text on a slide image: lines with boxes and confidence, and the chosen title')
    .argument('<image>', 'a PNG or JPEG image')
    .option('--json', 'print {file, title, text, lines: [{text, confidence, box}]} as JSON')
    .action(async (image: string, _options: OcrCommandOptions, command: Command) => {
      const { json } = command.optsWithGlobals<OcrCommandOptions>();
      await runOcrCommand(image, { json });
    });
}
