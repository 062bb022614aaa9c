import type { Command } from 'commander';
import type { ModelListing } from '../api/contract.ts';
import { LecternService } from '../api/lectern-service.ts';
import { globalHome } from './command-context.ts';

type Write = (chunk: string) => void;
const stdout: Write = (chunk) => void process.stdout.write(chunk);

const size = (bytes: number | null) =>
  bytes === null ? '?' : bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.round(bytes / 1e6)} MB`;

export function modelsTable(models: ModelListing[]): string {
  const rows = models.map((m) => [m.name, m.task, m.status, size(m.sizeBytes), m.licence, m.description]);
  const header = ['NAME', 'TASK', 'STATUS', 'SIZE', 'LICENCE', 'DESCRIPTION'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return `${[header, ...rows].map(line).join('\n')}\n`;
}

/** Progress on stderr: one updating line on a terminal, a line per 10 % otherwise. */
function byteProgress(label: string, stream: NodeJS.WriteStream = process.stderr) {
  let lastTenth = -1;
  return {
    update(done: number, total: number | null) {
      const percent = total ? Math.floor((100 * done) / total) : null;
      const text = `${label} ${size(done)}${total ? ` / ${size(total)} (${percent}%)` : ''}`;
      if (stream.isTTY) stream.write(`\r${text}  `);
      else if (percent !== null && Math.floor(percent / 10) > lastTenth) {
        lastTenth = Math.floor(percent / 10);
        stream.write(`${text}\n`);
      }
    },
    done() {
      if (stream.isTTY) stream.write('\n');
    },
  };
}

function describeInstalled(model: ModelListing): string {
  const lines = [
    `${model.name}: ${model.status} in ${model.files[0] ? model.files[0].path.replace(/[/\\][^/\\]+$/, '') : '?'}`,
  ];
  for (const file of model.files) {
    lines.push(
      `  ${file.name}  ${size(file.size)}  sha256 ${file.sha256}${file.verified ? ' (matches the catalogue)' : ' (recorded now: the catalogue has no checksum for it)'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Runs `work` on the library under --home, showing model download/copy progress on stderr. */
async function withLibrary<T>(
  home: string | undefined,
  label: string,
  work: (library: LecternService) => Promise<T>,
): Promise<T> {
  const library = LecternService.open(home);
  const progress = byteProgress(label);
  const unsubscribe = library.subscribe((update) => {
    if (update.kind === 'model') progress.update(update.progress.doneBytes, update.progress.totalBytes);
  });
  try {
    const result = await work(library);
    progress.done();
    return result;
  } finally {
    unsubscribe();
    library.close();
  }
}

export async function runModelsList(home: string | undefined, json: boolean | undefined, write: Write = stdout) {
  const models = await withLibrary(home, 'models', (library) => library.listModels({}));
  write(json ? `${JSON.stringify(models, null, 2)}\n` : modelsTable(models));
  return models;
}

/** Ctrl-C stops the download cleanly; the next install resumes it. */
export async function runModelsInstall(home: string | undefined, name: string, write: Write = stdout) {
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const model = await withLibrary(home, `downloading ${name}`, (library) =>
      library.installModel({ name }, { signal: controller.signal }),
    );
    write(describeInstalled(model));
    return model;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

export async function runModelsImport(
  home: string | undefined,
  file: string,
  name: string | undefined,
  write: Write = stdout,
) {
  const model = await withLibrary(home, `copying ${file}`, (library) => library.importModel({ file, name }));
  write(describeInstalled(model));
  return model;
}

export async function runModelsRemove(home: string | undefined, name: string, write: Write = stdout) {
  await withLibrary(home, 'removing', (library) => library.removeModel({ name }));
  write(`removed ${name}\n`);
}

export function register(program: Command): void {
  const models = program
    .command('models')
    .description('speech, text and image models: list, install (download), import a file, remove');
  models
    .command('list')
    .description('the catalogue and what is installed')
    .option('--json', 'print the list as JSON')
    .action(async (_options: { json?: boolean }, command: Command) => {
      await runModelsList(globalHome(command), command.optsWithGlobals<{ json?: boolean }>().json);
    });
  models
    .command('install')
    .description('download a model from the catalogue (resumable; checked against its sha256)')
    .argument('<name>', 'e.g. tiny.en, base.en, small, all-minilm-l6-v2')
    .action(async (name: string, _options: unknown, command: Command) => {
      await runModelsInstall(globalHome(command), name);
    });
  models
    .command('import')
    .description('copy a model file you already have into Lectern (checked on the way)')
    .argument('<file>', 'e.g. ggml-base.en.bin')
    .option('--name <name>', 'the model it is (a catalogue name) or a new name')
    .action(async (file: string, options: { name?: string }, command: Command) => {
      await runModelsImport(globalHome(command), file, options.name);
    });
  models
    .command('remove')
    .description('delete an installed model')
    .argument('<name>')
    .action(async (name: string, _options: unknown, command: Command) => {
      await runModelsRemove(globalHome(command), name);
    });
}
