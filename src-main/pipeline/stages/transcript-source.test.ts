import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWhisperFixture, DEFAULT_FIXTURE } from '../../engines/asr/testing/ggml-fixture.ts';
import { importModel } from '../../models/index.ts';
import type { StageContext } from '../stage.ts';
import { transcriptStage } from './transcript-stage.ts';

describe('where the transcript comes from, by the settings', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lectern-transcript-source-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const video = path.join(root, 'lecture.mp4');
  writeFileSync(video, 'not read here');
  writeFileSync(path.join(root, 'lecture.vtt'), 'WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n');
  const dataDir = path.join(root, 'data');

  const ctx = (settings: Partial<StageContext['settings']>): StageContext =>
    ({
      file: video,
      dataDir,
      media: { duration: 1, hasVideo: true, hasAudio: true },
      settings: { chapterTargetSeconds: { min: 75, max: 300 }, ...settings },
    }) as StageContext;

  it('uses the sidecar, unless asked to transcribe anyway with the chosen installed model', async () => {
    expect(transcriptStage.settingsKey(ctx({ transcribeDespiteSidecar: true }))).toMatch(/^sidecar=/);
    for (const name of ['first', 'second']) {
      const file = path.join(root, `ggml-${name}.bin`);
      writeFileSync(file, buildWhisperFixture({ ...DEFAULT_FIXTURE, nLayer: 1 }));
      await importModel(dataDir, file);
    }
    expect(transcriptStage.settingsKey(ctx({}))).toMatch(/^sidecar=lecture\.vtt/);
    expect(transcriptStage.settingsKey(ctx({ transcribeDespiteSidecar: true, speechModel: 'second' }))).toMatch(
      /^asr:second=/,
    );
    // A chosen model that is gone falls back to an installed one rather than failing.
    expect(transcriptStage.settingsKey(ctx({ transcribeDespiteSidecar: true, speechModel: 'removed' }))).toMatch(
      /^asr:(first|second)=/,
    );
  });
});
