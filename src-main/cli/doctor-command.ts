import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { ffmpegPath, ffprobePath } from '../media/ffmpeg-path.ts';
import type { ModelListing } from '../api/contract.ts';
import { defaultAsrModel, listModels } from '../models/model-store.ts';
import { imageEmbedderChoice, textEmbedderChoice } from '../pipeline/embedder-choice.ts';
import { runTool } from '../media/run-tool.ts';
import { LecternService } from '../api/lectern-service.ts';
import { databaseFile, folderSizeBytes, resolveDataDir } from '../store/data-dir.ts';
import { globalHome } from './command-context.ts';

interface Check {
  what: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

async function toolVersion(locate: () => string, fix: string, what: string): Promise<Check> {
  try {
    const file = locate();
    const result = await runTool(file, ['-version']);
    const first = result.stdout.toString().split('\n')[0] ?? '';
    return {
      what,
      ok: result.code === 0,
      detail: `${file} (${first.trim()})`,
      fix: result.code === 0 ? undefined : fix,
    };
  } catch (error) {
    return { what, ok: false, detail: (error as Error).message, fix };
  }
}

/** `lectern doctor`: what is installed, what is missing, and how to fix it. */
export async function diagnose(home: string | undefined): Promise<Check[]> {
  const checks: Check[] = [];
  const setupFix = 'run `npm run setup` (installs Debian packages) or install it with your package manager';
  checks.push(await toolVersion(ffmpegPath, setupFix, 'ffmpeg'));
  checks.push(await toolVersion(ffprobePath, setupFix, 'ffprobe'));
  const dataDir = resolveDataDir(home);
  checks.push({ what: 'data folder', ok: true, detail: `${dataDir} (${formatBytes(await folderSizeBytes(dataDir))})` });
  checks.push(...modelChecks(dataDir));
  checks.push(...installedModelChecks(dataDir));
  const dbFile = databaseFile(dataDir);
  if (!existsSync(dbFile)) {
    checks.push({ what: 'library database', ok: true, detail: 'not created yet (made by the first `lectern index`)' });
  } else {
    try {
      const library = LecternService.open(dataDir);
      let health;
      try {
        health = library.health();
      } finally {
        library.close();
      }
      const { integrity } = health;
      checks.push({
        what: 'library database',
        ok: integrity === 'ok',
        detail: `${dbFile} (${formatBytes(health.databaseBytes)}): ${health.lectures} lecture(s), ${health.ready} ready, ${health.failed} failed; integrity ${integrity}`,
        fix: integrity === 'ok' ? undefined : 'move the database aside and index again',
      });
    } catch (error) {
      checks.push({ what: 'library database', ok: false, detail: (error as Error).message });
    }
  }
  return checks;
}

/** Which models indexing and search use in this data folder (installed ones win over the built-ins). */
function modelChecks(dataDir: string): Check[] {
  const asr = defaultAsrModel(dataDir);
  const text = textEmbedderChoice(dataDir).key;
  const pictures = imageEmbedderChoice(dataDir).key;
  return [
    {
      what: 'speech model',
      ok: true,
      detail: asr ? `${asr} (whisper.cpp)` : 'none installed: a lecture needs a sidecar .vtt/.srt for its transcript',
      fix: asr ? undefined : '`lectern models install base.en` to transcribe recordings',
    },
    {
      what: 'text encoder',
      ok: true,
      detail: text === 'default' ? 'built-in Universal Sentence Encoder lite' : `${text} (installed)`,
    },
    {
      what: 'slide picture encoder',
      ok: true,
      detail:
        pictures === 'default'
          ? 'built-in slide descriptor (search does not match words to slide pictures)'
          : `${pictures} (installed): search also matches words to slide pictures`,
      fix:
        pictures === 'default'
          ? '`lectern models install clip-vit-base-patch32` for search by what slides show'
          : undefined,
    },
  ];
}

/**
 * The models in this data folder: installed and usable, installed but unusable (with why), and
 * the catalogue's models that are missing (partly downloaded ones say so).
 */
function installedModelChecks(dataDir: string): Check[] {
  const models = listModels(dataDir);
  const usable = models.filter((m) => m.usable);
  const broken = models.filter((m) => m.status === 'installed' && !m.usable);
  const missing = models.filter((m) => m.status !== 'installed');
  const named = (list: ModelListing[]) =>
    list.map((m) => (m.status === 'partial' ? `${m.name} (partly downloaded)` : m.name));
  return [
    { what: 'models usable', ok: true, detail: usable.length ? named(usable).join(', ') : 'none installed' },
    ...broken.map((m) => ({
      what: `model ${m.name}`,
      ok: false,
      detail: `installed but not usable: ${m.problem ?? 'unknown problem'}`,
      fix: m.inCatalogue
        ? `\`lectern models install ${m.name}\` again`
        : `\`lectern models remove ${m.name}\`, then import it again`,
    })),
    {
      what: 'models missing',
      ok: true,
      detail: missing.length ? named(missing).join(', ') : 'none: every catalogue model is installed',
      fix: missing.length ? '`lectern models install <name>` (or `lectern models import <file>`)' : undefined,
    },
  ];
}

function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.round(bytes / 1e3)} kB`;
}

export function register(program: Command): void {
  program
    .command('doctor')
    .description('show what is installed and what is missing, with the fix')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) => {
      const checks = await diagnose(globalHome(command));
      if (options.json) process.stdout.write(`${JSON.stringify({ checks })}\n`);
      else {
        for (const check of checks) {
          process.stdout.write(`${check.ok ? '✓' : '✗'} ${check.what}: ${check.detail}\n`);
          if (check.fix) process.stdout.write(`    fix: ${check.fix}\n`);
        }
      }
      if (checks.some((c) => !c.ok)) process.exitCode = 1;
    });
}
