import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../core/user-error.ts';
import { FIXTURE_SENTENCE, whisperFixturePath } from '../engines/asr/testing/ggml-fixture.ts';
import { ffmpegPath } from '../media/ffmpeg-path.ts';
import { runCommand } from '../../test/fixtures/run-command.ts';
import { register, type TranscribeCommandJson } from './transcribe-command.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-transcribe-cli-'));
const audio = path.join(dir, 'talk.wav');

beforeAll(() => {
  if (existsSync('/usr/bin/espeak-ng')) execFileSync('/usr/bin/espeak-ng', ['-w', audio, 'Welcome to linear algebra.']);
  else execFileSync(ffmpegPath(), ['-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=duration=4', audio]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lectern = (...args: string[]): Promise<string> => runCommand(register, ...args);

describe('lectern transcribe', () => {
  it('prints {file, language, model, segments} as JSON with a model given by path', async () => {
    const parsed = JSON.parse(
      await lectern('transcribe', audio, '--model', whisperFixturePath(), '--json'),
    ) as TranscribeCommandJson;
    expect(Object.keys(parsed)).toEqual(['file', 'language', 'model', 'segments']);
    expect(parsed.file).toBe(audio);
    expect(parsed.language).toBe('en');
    expect(parsed.segments).toHaveLength(1);
    expect(Object.keys(parsed.segments[0])).toEqual(['start', 'end', 'text', 'words']);
    expect(parsed.segments[0].text).toBe(FIXTURE_SENTENCE);
  });

  it('prints one timed line per segment', async () => {
    const out = await lectern('transcribe', audio, '--model', whisperFixturePath());
    expect(out).toMatch(/^\[00:00:00\.000 --> 00:00:0\d\.\d{3}\] Welcome to the lecture/);
  });

  it('says how to install a model when none is installed', async () => {
    const error = await lectern('--home', path.join(dir, 'empty-home'), 'transcribe', audio).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('model-not-installed');
    expect((error as UserError).hint).toMatch(/lectern models install/);
  });
});
