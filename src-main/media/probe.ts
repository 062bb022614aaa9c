import { access, constants, stat } from 'node:fs/promises';
import { UserError } from '../core/user-error.ts';
import { ffprobePath } from './ffmpeg-path.ts';
import { lastErrorLine, runTool } from './run-tool.ts';

export interface MediaInfo {
  duration: number;
  hasVideo: boolean;
  hasAudio: boolean;
  width: number | null;
  height: number | null;
  videoCodec: string | null;
  audioCodec: string | null;
}

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  duration?: string;
  disposition?: { attached_pic?: number };
}

/** Reads duration and streams with ffprobe. Throws UserError for anything a user can act on. */
export async function probeMedia(file: string, signal?: AbortSignal): Promise<MediaInfo> {
  try {
    await access(file, constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError('file-missing', `File not found: ${file}`);
    throw new UserError('file-unreadable', `Cannot read ${file} (permission denied).`, 'Check the file permissions.');
  }
  const info = await stat(file);
  if (info.size === 0) throw new UserError('file-empty', `The file is empty (0 bytes): ${file}`);
  const result = await runTool(
    ffprobePath(),
    ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file],
    { signal },
  );
  if (result.code !== 0) {
    throw new UserError(
      'not-media',
      `Not a readable audio or video file: ${lastErrorLine(result.stderr)}`,
      'The file may be truncated or corrupt, or use a format ffmpeg cannot read.',
    );
  }
  const parsed = JSON.parse(result.stdout.toString('utf8')) as {
    streams?: ProbeStream[];
    format?: { duration?: string };
  };
  const streams = parsed.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const audio = streams.find((s) => s.codec_type === 'audio');
  const durations = [parsed.format?.duration, video?.duration, audio?.duration]
    .map((d) => Number(d))
    .filter((d) => Number.isFinite(d) && d > 0);
  const duration = durations.length ? Math.max(...durations) : Number.NaN;
  if (!video && !audio) throw new UserError('no-streams', 'The file has neither audio nor video streams.');
  if (!Number.isFinite(duration) || duration <= 0) {
    throw new UserError('no-duration', 'Cannot tell how long the recording is; the file may be truncated.');
  }
  return {
    duration,
    hasVideo: Boolean(video),
    hasAudio: Boolean(audio),
    width: video?.width ?? null,
    height: video?.height ?? null,
    videoCodec: video?.codec_name ?? null,
    audioCodec: audio?.codec_name ?? null,
  };
}
