import { existsSync, statSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { ExportFormat } from '../api/contract.ts';
import { LecternService } from '../api/lectern-service.ts';
import type { LectureForExport } from '../core/chapter-notes.ts';
import { renderCourseJson } from '../core/json-export.ts';
import {
  EXPORT_FILE_TYPES,
  EXPORT_FORMAT_NAMES,
  parseExportFormat,
  renderLectureExport,
} from '../core/lecture-export.ts';
import {
  relativeHref,
  renderCourseIndexMarkdown,
  renderCourseMarkdown,
  type MarkdownOptions,
} from '../core/markdown-export.ts';
import { UserError } from '../core/user-error.ts';
import { findMediaFiles, isMediaFile, MEDIA_EXTENSIONS } from '../pipeline/media-files.ts';
import { globalHome } from './command-context.ts';
import { lectureForFile } from './lecture-lookup.ts';
import { assertWritableOutput } from './writable-output.ts';

/** Formats that only make sense per recording (a player loads one track per video). */
const PER_LECTURE_ONLY: ReadonlySet<ExportFormat> = new Set(['chapters-vtt', 'vtt', 'srt']);

interface OutputFile {
  path: string;
  /** The file's content, from the lectures (in the order of `files`), once they are indexed. */
  render: (lectures: readonly LectureForExport[]) => string;
}

const stemOf = (file: string) => path.basename(file, path.extname(file));

/**
 * File names for one file per lecture: the recording's stem, or, where two recordings in
 * different subfolders share a stem, its path in the course joined with " - ".
 */
function lectureFileStems(files: readonly string[], root: string): string[] {
  const stems = files.map(stemOf);
  const taken = new Set<string>(['index']);
  return files.map((file, i) => {
    const clash = stems.some((s, j) => j !== i && s.toLowerCase() === stems[i].toLowerCase());
    let name = clash
      ? path.relative(root, file).slice(0, -path.extname(file).length).split(/[\\/]/).join(' - ')
      : stems[i];
    if (!name || taken.has(name.toLowerCase())) {
      let n = 2;
      while (taken.has(`${name} (${n})`.toLowerCase())) n++;
      name = `${name} (${n})`;
    }
    taken.add(name.toLowerCase());
    return name;
  });
}

/** The recording a subtitle file would be read as the transcript of (`talk.vtt`, `talk.en.srt` -> `talk.mp4`), if any. */
function recordingForSidecar(file: string): string | null {
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.vtt' && ext !== '.srt') return null;
  const dir = path.dirname(file);
  const bare = path.basename(file, path.extname(file));
  for (const stem of [bare, bare.replace(/\.en$/i, '')]) {
    for (const media of MEDIA_EXTENSIONS) {
      const candidate = path.join(dir, `${stem}${media}`);
      if (existsSync(candidate)) return candidate;
    }
  }
  return null;
}

/** Refuses to overwrite a recording, or the subtitle file Lectern reads as a recording's transcript. */
function assertSafeToWrite(file: string): void {
  if (isMediaFile(file) && existsSync(file)) {
    throw new UserError('would-overwrite', `Not writing over the recording ${file}.`, 'Choose another --out.');
  }
  const recording = existsSync(file) ? recordingForSidecar(file) : null;
  if (recording) {
    throw new UserError(
      'would-overwrite',
      `Not writing over ${file}: it is the transcript of ${path.basename(recording)}.`,
      'Choose another --out (exports are named .transcript.vtt / .transcript.srt / .chapters.vtt by default).',
    );
  }
}

/** True when --out names a folder: one that exists, or a path ending in a separator. */
function isFolderPath(out: string): boolean {
  return /[\\/]$/.test(out) || (existsSync(out) && statSync(out).isDirectory());
}

/**
 * The deck page pictures Markdown notes show (`--images`): `sources` (recording -> page -> the
 * picture in the library) is filled once the lectures are indexed; rendering then notes which
 * pictures to copy where, in a `slides` folder beside the notes.
 */
export interface PageImages {
  sources: Map<string, Map<number, string>>;
  copies: Map<string, string>;
}

/** Works out every file an export writes, before anything is indexed or written. */
export function planExport(request: {
  format: ExportFormat;
  /** The folder given (null for a single recording). */
  folder: string | null;
  files: readonly string[];
  out: string | undefined;
  cwd: string;
  /** How Markdown links to the recordings: absolute file URLs, or paths relative to the notes. */
  links?: 'file' | 'relative';
  /** With `--images`: where the notes' page pictures come from and go. */
  images?: PageImages;
}): OutputFile[] {
  const { format, folder, files, out, cwd, images } = request;
  const type = EXPORT_FILE_TYPES[format];
  const pictures = (notesFile: string): MarkdownOptions => {
    if (!images) return {};
    const dir = path.join(path.dirname(notesFile), 'slides');
    return {
      pageImageHref: (media, page) => {
        const source = images.sources.get(media)?.get(page);
        if (!source) return null;
        const target = path.join(dir, `${stemOf(media)} - page ${page}${path.extname(source)}`);
        images.copies.set(target, source);
        return relativeHref(path.relative(path.dirname(notesFile), target));
      },
    };
  };
  const linksFrom = (notesFile: string): MarkdownOptions => ({
    ...(request.links === 'relative'
      ? { mediaHref: (media: string) => relativeHref(path.relative(path.dirname(notesFile), media)) }
      : {}),
    ...pictures(notesFile),
  });
  const perLectureInto = (dir: string): OutputFile[] => {
    const stems = lectureFileStems(files, folder ?? path.dirname(files[0]));
    const written: OutputFile[] = files.map((_, i) => {
      const file = path.join(dir, `${stems[i]}${type.extension}`);
      return { path: file, render: (lectures) => renderLectureExport(lectures[i], format, linksFrom(file)) };
    });
    if (format === 'md' && folder) {
      written.push({
        path: path.join(dir, 'index.md'),
        render: (lectures) =>
          renderCourseIndexMarkdown({
            title: path.basename(folder),
            lectures: lectures.map((lecture, i) => ({ lecture, href: `${stems[i]}${type.extension}` })),
          }),
      });
    }
    return written;
  };

  if (out !== undefined && isFolderPath(out)) return perLectureInto(path.resolve(cwd, out));
  if (!folder) {
    const file = path.resolve(cwd, out ?? `${stemOf(files[0])}${type.extension}`);
    return [{ path: file, render: (lectures) => renderLectureExport(lectures[0], format, linksFrom(file)) }];
  }
  const course = path.basename(folder);
  if (PER_LECTURE_ONLY.has(format)) {
    // One track per recording: --out (or a new folder named after the course) holds them.
    return perLectureInto(path.resolve(cwd, out ?? `${course}-${format}`));
  }
  const file = path.resolve(cwd, out ?? `${course}${type.extension}`);
  const render = (lectures: readonly LectureForExport[]) =>
    format === 'md'
      ? renderCourseMarkdown({ title: course, lectures }, linksFrom(file))
      : renderCourseJson({ title: course, lectures });
  return [{ path: file, render }];
}

interface ExportOptions {
  format: string;
  out?: string;
  links: string;
  images?: boolean;
}

/** Each lecture's deck page pictures, as the library serves them (crisp), for `--images`. */
async function pageImageSources(
  library: LecternService,
  lectures: ReadonlyArray<{ id: number; path: string; slides: ReadonlyArray<{ page?: number | null }> }>,
): Promise<Map<string, Map<number, string>>> {
  const sources = new Map<string, Map<number, string>>();
  for (const lecture of lectures) {
    const pages = new Map<number, string>();
    for (const page of new Set(lecture.slides.map((s) => s.page).filter((p): p is number => !!p))) {
      const file = await library.pageImageFile(lecture.id, page, 'full');
      if (file) pages.set(page, file);
    }
    sources.set(lecture.path, pages);
  }
  return sources;
}

export function register(program: Command): void {
  program
    .command('export')
    .description('write a lecture, or every lecture in a folder, as notes, chapter or subtitle files, or JSON')
    .argument('<path>', 'a lecture recording or a folder')
    .option('--format <format>', `${EXPORT_FORMAT_NAMES.join(' | ')}`, 'md')
    .option(
      '--out <path>',
      'output file; or a folder (one that exists, or ending in /) for one file per lecture ' +
        '(default: a file in the current folder named after the lecture or folder)',
    )
    .option('--links <kind>', 'Markdown links to the recordings: file (absolute file:// URLs) | relative', 'file')
    .option('--images', "Markdown: copy the attached decks' page pictures into slides/ beside the notes and show them")
    .action(async (target: string, options: ExportOptions, command: Command) => {
      const format = parseExportFormat(options.format);
      if (options.images && format !== 'md') {
        throw new UserError('images-need-md', '--images goes with Markdown notes.', 'Use --format md.');
      }
      if (options.links !== 'file' && options.links !== 'relative') {
        throw new UserError('bad-links', `Unknown --links: ${options.links}`, 'Use file or relative.');
      }
      const resolved = path.resolve(target);
      if (!existsSync(resolved)) throw new UserError('file-missing', `Not found: ${resolved}`);
      const isFolder = statSync(resolved).isDirectory();
      if (isFolder && PER_LECTURE_ONLY.has(format) && options.out !== undefined && !isFolderPath(options.out)) {
        if (existsSync(options.out)) {
          throw new UserError(
            'out-not-a-folder',
            `${format} writes one file per lecture, but --out is a file: ${path.resolve(options.out)}`,
            'Give a folder for --out.',
          );
        }
      }
      const library = LecternService.open(globalHome(command));
      try {
        const files = isFolder ? await findMediaFiles(resolved) : [resolved];
        if (files.length === 0) throw new UserError('no-lectures', `No lecture recordings in ${resolved}`);
        const images: PageImages | undefined = options.images ? { sources: new Map(), copies: new Map() } : undefined;
        const outputs = planExport({
          format,
          folder: isFolder ? resolved : null,
          files,
          out: options.out,
          cwd: process.cwd(),
          links: options.links,
          images,
        });
        for (const output of outputs) assertSafeToWrite(output.path);
        for (const output of outputs) await assertWritableOutput(output.path); // before indexing, which can take minutes
        const lectures: Array<LectureForExport & { id: number; path: string }> = [];
        for (const file of files) {
          const lecture = await lectureForFile(library, file);
          const transcript = await library.getTranscript({ id: lecture.id });
          lectures.push({ ...lecture, file: lecture.path, duration: lecture.duration ?? 0, transcript });
        }
        if (images) images.sources = await pageImageSources(library, lectures);
        for (const output of outputs) {
          await mkdir(path.dirname(output.path), { recursive: true });
          await writeFile(output.path, output.render(lectures));
        }
        for (const [to, from] of images?.copies ?? []) {
          await mkdir(path.dirname(to), { recursive: true });
          await copyFile(from, to);
        }
        const where =
          outputs.length === 1 ? outputs[0].path : `${outputs.length} files in ${path.dirname(outputs[0].path)}`;
        process.stderr.write(`Wrote ${where}\n`);
      } finally {
        library.close();
      }
    });
}
