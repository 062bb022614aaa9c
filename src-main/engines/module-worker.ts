import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts the worker whose entry `<name>.ts|.mjs|.js` sits next to the module at `moduleUrl`:
 * the .ts source under tsx/vitest (tsx's loader is registered inside the worker first: its hooks
 * do not carry over), or the built .mjs/.js beside the bundle (scripts/build.mjs emits it).
 */
export function spawnModuleWorker(moduleUrl: string, name: string, workerData: unknown): Worker {
  const entry = [`./${name}.ts`, `./${name}.mjs`, `./${name}.js`]
    .map((p) => new URL(p, moduleUrl))
    .find((u) => existsSync(fileURLToPath(u)));
  if (!entry) throw new Error(`worker ${name} not found next to ${fileURLToPath(moduleUrl)}`);
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData });
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}
