import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The layering of DESIGN.md, checked on every file that ships (tests and test fixtures may reach
// across to set things up). Data flows one way: media -> engines -> pipeline -> store -> api ->
// renderer; core is pure and imported by anyone. test/eslint-layering.test.ts proves each rule fires.
const folder = (name) => [`**/${name}/**`, `**/${name}`];
const APP_FOLDERS = ['api', 'cli', 'electron', 'engines', 'media', 'models', 'pipeline', 'search', 'store'];
const forbid = (names, why) => ({ group: names.flatMap(folder), message: why });
const layer = (files, ...patterns) => ({
  files,
  ignores: ['**/*.test.ts', '**/testing/**'],
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
});

const NO_RENDERER = forbid(
  ['src-renderer'],
  'Nothing under src-main imports the renderer: shared types live in api/contract.ts.',
);
const NO_TESTS = forbid(['test'], 'App code does not import test fixtures.');

export default tseslint.config(
  { ignores: ['node_modules/', 'dist-*/', 'test-results/', 'playwright-report/', 'bench/results/', '.scratch*/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src-renderer/**/*.{ts,svelte}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  layer(
    ['src-main/core/**'],
    forbid([...APP_FOLDERS, 'src-renderer', 'test'], 'core is pure: it imports nothing of the app.'),
    {
      group: ['node:fs', 'node:fs/promises', 'node:child_process', 'node:http', 'node:net', 'better-sqlite3'],
      message: 'core does no I/O: take plain data, return plain data.',
    },
  ),
  layer(
    ['src-main/media/**'],
    forbid(
      ['api', 'cli', 'electron', 'engines', 'pipeline', 'search', 'store'],
      'media is the bottom layer: it uses core only.',
    ),
    NO_RENDERER,
    NO_TESTS,
  ),
  layer(
    ['src-main/engines/**'],
    forbid(
      ['store', 'pipeline', 'search', 'api', 'cli', 'electron'],
      'Engines do not know the library: no store, pipeline, api.',
    ),
    NO_RENDERER,
    NO_TESTS,
  ),
  layer(
    ['src-main/models/**'],
    forbid(['pipeline', 'search', 'api', 'cli', 'electron'], 'The model manager sits below the pipeline and the api.'),
    NO_RENDERER,
    NO_TESTS,
  ),
  layer(
    ['src-main/store/**'],
    forbid(
      ['pipeline', 'search', 'api', 'cli', 'electron', 'engines', 'media'],
      'store is SQL over core types: it does not import pipeline, api or engines.',
    ),
    NO_RENDERER,
    NO_TESTS,
  ),
  layer(
    ['src-main/pipeline/**'],
    forbid(['api', 'cli', 'electron'], 'The pipeline does not import the api or its hosts.'),
    NO_RENDERER,
    NO_TESTS,
  ),
  layer(
    ['src-main/search/**'],
    forbid(
      ['api', 'cli', 'electron'],
      'Search is a query service the api owns: it does not import the api or its hosts.',
    ),
    NO_RENDERER,
    NO_TESTS,
  ),
  layer(['src-main/api/**'], forbid(['cli', 'electron'], 'The api does not import its hosts.'), NO_RENDERER, NO_TESTS),
  layer(
    ['src-main/electron/**'],
    forbid(['store', 'cli'], 'The Electron host goes through the service, not the store.'),
    NO_RENDERER,
    NO_TESTS,
  ),
  layer(
    ['src-main/cli/**', 'src-main/cli.ts'],
    {
      group: ['**/store/**', '!**/store/data-dir.ts'],
      message: 'The CLI reads the library through the service (api/), never through the store.',
    },
    NO_RENDERER,
    NO_TESTS,
  ),
  layer(
    ['src-renderer/**'],
    {
      group: ['**/src-main/**', '!**/src-main/api/contract.ts'],
      message: 'The renderer talks only to the API contract (src-main/api/contract.ts).',
    },
    {
      group: ['**/src-main/api/contract.ts'],
      allowTypeImports: true,
      message: 'The renderer imports only types from the contract (import type).',
    },
  ),
);
