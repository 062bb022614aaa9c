// The layering rules in eslint.config.js, run through ESLint's own API on snippets placed in
// each folder: every deliberate violation must be reported, every allowed import must pass.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: repo });

async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repo, filePath) });
  return result.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

const importing = (what: string, from: string) => `import { ${what} } from '${from}';\nexport const used = ${what};\n`;

describe('the layering lint', () => {
  it.each([
    ['core imports the store', 'src-main/core/violation.ts', importing('openDatabase', '../store/database.ts')],
    ['core does I/O', 'src-main/core/violation.ts', importing('readFileSync', 'node:fs')],
    [
      'the store imports the pipeline',
      'src-main/store/violation.ts',
      importing('indexLecture', '../pipeline/lecture-indexer.ts'),
    ],
    ['the store imports the api', 'src-main/store/violation.ts', importing('API_METHODS', '../api/contract.ts')],
    [
      'an engine imports the store',
      'src-main/engines/ocr/violation.ts',
      importing('openDatabase', '../../store/database.ts'),
    ],
    [
      'electron imports the renderer',
      'src-main/electron/violation.ts',
      importing('createClient', '../../src-renderer/src/api.ts'),
    ],
    [
      'the CLI reads the store',
      'src-main/cli/violation.ts',
      importing('readChapters', '../store/lecture-content-store.ts'),
    ],
    [
      'search imports the api',
      'src-main/search/violation.ts',
      importing('LecternService', '../api/lectern-service.ts'),
    ],
    [
      'the renderer imports main-process code',
      'src-renderer/src/violation.ts',
      importing('formatClock', '../../src-main/core/timestamp.ts'),
    ],
    [
      'the renderer imports a value from the contract',
      'src-renderer/src/violation.ts',
      importing('API_METHODS', '../../src-main/api/contract.ts'),
    ],
  ])('reports %s', async (_what, filePath, code) => {
    expect(await layeringErrors(filePath, code)).not.toEqual([]);
  });

  it.each([
    [
      'the store imports core types',
      'src-main/store/allowed.ts',
      "import type { Chapter } from '../core/domain-types.ts';\nexport type C = Chapter;\n",
    ],
    [
      'the pipeline imports the store',
      'src-main/pipeline/allowed.ts',
      importing('openDatabase', '../store/database.ts'),
    ],
    ['the CLI uses the service', 'src-main/cli/allowed.ts', importing('LecternService', '../api/lectern-service.ts')],
    [
      'the renderer imports contract types',
      'src-renderer/src/allowed.ts',
      "import type { Moment } from '../../src-main/api/contract.ts';\nexport type M = Moment;\n",
    ],
    [
      'a test reaches across to set things up',
      'src-main/core/allowed.test.ts',
      importing('openDatabase', '../store/database.ts'),
    ],
  ])('lets %s', async (_what, filePath, code) => {
    expect(await layeringErrors(filePath, code)).toEqual([]);
  });
});
