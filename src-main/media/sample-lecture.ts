import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatCueTime } from '../core/timestamp.ts';
import { UserError } from '../core/user-error.ts';
import { ffmpegPath } from './ffmpeg-path.ts';
import { lastErrorLine, runTool } from './run-tool.ts';

interface SampleSlide {
  title: string;
  bullets: string[];
  narration: string[];
}

interface SampleScript {
  title: string;
  topics: Array<{ background: string; slides: SampleSlide[] }>;
}

export interface SampleLecture {
  video: string;
  subtitles: string;
  duration: number;
  /** Where each slide starts and ends, and which topic it belongs to: the truth for tests. */
  slides: Array<{ start: number; end: number; title: string; topic: number }>;
  cues: Array<{ start: number; end: number; text: string }>;
  spoken: boolean;
}

export interface SampleOptions {
  /** Repeat the script this many times (a longer lecture for benchmarks). */
  repeat?: number;
  /** Seconds of pause between sentences. */
  gap?: number;
  /** Use espeak-ng for the narration when present (default); otherwise a quiet tone of the same length. */
  speech?: boolean;
  name?: string;
  /** Write a sidecar .vtt next to the video (default true). */
  sidecar?: boolean;
  /** Speak only the first N sentences of each slide (a shorter lecture for tests). */
  sentencesPerSlide?: number;
}

const FONT_DIR = '/usr/share/fonts/truetype/dejavu';
const SAMPLE_RATE = 22_050;
const SCRIPT_FILE = fileURLToPath(new URL('../../resources/sample-lecture.json', import.meta.url));

function fontFile(bold: boolean): string {
  const file = path.join(FONT_DIR, bold ? 'DejaVuSans-Bold.ttf' : 'DejaVuSans.ttf');
  if (!existsSync(file)) {
    throw new UserError(
      'font-missing',
      `The font ${file} is missing.`,
      'Run `npm run setup` (installs fonts-dejavu-core).',
    );
  }
  return file;
}

async function ffmpeg(args: string[], what: string): Promise<void> {
  const result = await runTool(ffmpegPath(), ['-v', 'error', '-nostdin', '-y', ...args]);
  if (result.code !== 0) throw new Error(`${what} failed: ${lastErrorLine(result.stderr)}`);
}

/** Renders one slide as a PNG with ffmpeg's drawtext (text passed through files: no escaping). */
async function renderSlide(slide: SampleSlide, background: string, work: string, index: number): Promise<string> {
  const titleFile = path.join(work, `title-${index}.txt`);
  await writeFile(titleFile, slide.title);
  const filters = [
    `drawtext=fontfile=${fontFile(true)}:textfile=${titleFile}:fontsize=64:fontcolor=white:x=80:y=90`,
    `drawbox=x=80:y=190:w=1120:h=4:color=white@0.7:t=fill`,
  ];
  for (const [i, bullet] of slide.bullets.entries()) {
    const bulletFile = path.join(work, `bullet-${index}-${i}.txt`);
    await writeFile(bulletFile, `•  ${bullet}`);
    filters.push(
      `drawtext=fontfile=${fontFile(false)}:textfile=${bulletFile}:fontsize=40:fontcolor=white@0.92:x=110:y=${260 + i * 90}`,
    );
  }
  const png = path.join(work, `slide-${index}.png`);
  await ffmpeg(
    ['-f', 'lavfi', '-i', `color=c=${background}:s=1280x720`, '-vf', filters.join(','), '-frames:v', '1', png],
    'Rendering a sample slide',
  );
  return png;
}

/** Speaks a sentence to raw 22.05 kHz mono PCM; a quiet tone of similar length without espeak-ng. */
async function speak(text: string, work: string, index: number, speech: boolean): Promise<Buffer> {
  if (speech) {
    const wav = path.join(work, `cue-${index}.wav`);
    const result = await runTool('espeak-ng', ['-v', 'en-us', '-s', '165', '-w', wav, text]).catch(() => null);
    if (result && result.code === 0) {
      const raw = path.join(work, `cue-${index}.raw`);
      await ffmpeg(['-i', wav, '-ac', '1', '-ar', String(SAMPLE_RATE), '-f', 's16le', raw], 'Converting narration');
      return readFile(raw);
    }
  }
  const seconds = Math.max(1.5, text.split(/\s+/).length / 2.6);
  const samples = Math.round(seconds * SAMPLE_RATE);
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++)
    pcm.writeInt16LE(Math.round(2000 * Math.sin((2 * Math.PI * 220 * i) / SAMPLE_RATE)), i * 2);
  return pcm;
}

export function hasEspeak(): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, 'espeak-ng')));
}

/**
 * Makes a small but real lecture: slides rendered with ffmpeg, narration spoken by
 * espeak-ng, a sidecar .vtt with the sentence times, in `outDir`.
 */
export async function makeSampleLecture(outDir: string, options: SampleOptions = {}): Promise<SampleLecture> {
  const script = JSON.parse(await readFile(SCRIPT_FILE, 'utf8')) as SampleScript;
  const repeat = options.repeat ?? 1;
  const gap = options.gap ?? 0.6;
  const speech = (options.speech ?? true) && hasEspeak();
  const name = options.name ?? 'sample-lecture';
  await mkdir(outDir, { recursive: true });
  const work = await mkdtemp(path.join(os.tmpdir(), 'lectern-sample-'));
  try {
    const audioFile = path.join(work, 'narration.raw');
    const audio = await open(audioFile, 'w');
    const cues: SampleLecture['cues'] = [];
    const slides: SampleLecture['slides'] = [];
    const concatLines: string[] = [];
    let time = 0;
    let slideIndex = 0;
    // Repeats (long benchmark lectures) reuse each sentence's narration instead of speaking it again.
    const spoken = new Map<string, Buffer>();
    const silence = (seconds: number) => Buffer.alloc(Math.round(seconds * SAMPLE_RATE) * 2);
    try {
      for (let r = 0; r < repeat; r++) {
        for (const [topicIndex, topic] of script.topics.entries()) {
          for (const slide of topic.slides) {
            const shown = repeat > 1 ? { ...slide, title: `${slide.title} (${r + 1})` } : slide;
            const png = await renderSlide(shown, topic.background, work, slideIndex);
            const start = time;
            await audio.write(silence(gap));
            time += gap;
            for (const sentence of slide.narration.slice(0, options.sentencesPerSlide)) {
              const pcm = spoken.get(sentence) ?? (await speak(sentence, work, cues.length, speech));
              spoken.set(sentence, pcm);
              const seconds = pcm.length / 2 / SAMPLE_RATE;
              cues.push({ start: time, end: time + seconds, text: sentence });
              await audio.write(pcm);
              await audio.write(silence(gap));
              time += seconds + gap;
            }
            slides.push({ start, end: time, title: shown.title, topic: r * script.topics.length + topicIndex });
            concatLines.push(`file '${png}'`, `duration ${(time - start).toFixed(3)}`);
            slideIndex++;
          }
        }
      }
    } finally {
      await audio.close();
    }
    // The concat demuxer needs the last file repeated to honour the last duration.
    concatLines.push(concatLines[concatLines.length - 2]);
    const list = path.join(work, 'slides.txt');
    await writeFile(list, concatLines.join('\n'));
    const video = path.join(outDir, `${name}.mp4`);
    await ffmpeg(
      [
        '-f',
        'concat',
        '-safe',
        '0',
        '-i',
        list,
        '-f',
        's16le',
        '-ar',
        String(SAMPLE_RATE),
        '-ac',
        '1',
        '-i',
        audioFile,
        '-vf',
        'fps=2,format=yuv420p',
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-tune',
        'stillimage',
        '-c:a',
        'aac',
        '-b:a',
        '64k',
        '-t',
        time.toFixed(3),
        '-movflags',
        '+faststart',
        video,
      ],
      'Encoding the sample lecture',
    );
    const subtitles = path.join(outDir, `${name}.vtt`);
    if (options.sidecar ?? true) {
      const body = cues.map((c, i) => `${i + 1}\n${formatCueTime(c.start)} --> ${formatCueTime(c.end)}\n${c.text}\n`);
      await writeFile(subtitles, `WEBVTT\n\n${body.join('\n')}`);
    }
    return { video, subtitles, duration: time, slides, cues, spoken: speech };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
