// The bundled Electron main process (dist-electron/main.cjs as `npm run build` makes it), run
// in Node against a stand-in `electron` module: no Electron binary exists on these machines,
// so this is how the window's wiring (security settings, protocol, IPC routing, progress
// pushes, shutdown) is exercised end to end with the real service and database.
import { fork, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

type Handler = (...args: unknown[]) => unknown;

interface FakeWindow {
  options: { webPreferences: Record<string, unknown>; [key: string]: unknown };
  url: string | null;
  webContents: { sent: unknown[][] };
}

const ipc = new Map<string, Handler>();
const appEvents = new Map<string, Handler[]>();
const windows: FakeWindow[] = [];
let schemes: unknown[] = [];
let protocolHandler: ((request: Request) => Promise<Response>) | null = null;
let quitCalls = 0;
const openDialogs: Array<{ properties?: string[]; filters?: Array<{ extensions: string[] }> }> = [];

let work: string;
let bundleDir: string;
let appDir: string;
let courseFolder: string;
const savedEnv = process.env.LECTERN_HOME;

function fakeElectron() {
  class BrowserWindow implements FakeWindow {
    static getAllWindows = () => windows;
    url: string | null = null;
    webContents = {
      sent: [] as unknown[][],
      send: (...args: unknown[]) => this.webContents.sent.push(args),
      setWindowOpenHandler: () => {},
      on: () => {},
    };
    constructor(readonly options: FakeWindow['options']) {
      windows.push(this);
    }
    once() {}
    on() {}
    isDestroyed = () => false;
    isMinimized = () => false;
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
  }
  return {
    app: {
      enableSandbox: () => {},
      requestSingleInstanceLock: () => true,
      on: (event: string, handler: Handler) => appEvents.set(event, [...(appEvents.get(event) ?? []), handler]),
      whenReady: () => Promise.resolve(),
      getAppPath: () => appDir,
      getPath: () => work,
      quit: () => {
        quitCalls++;
      },
    },
    BrowserWindow,
    dialog: {
      showOpenDialog: async (_window: unknown, options: (typeof openDialogs)[number]) => {
        openDialogs.push(options);
        return { canceled: false, filePaths: [courseFolder] };
      },
      showSaveDialog: async () => ({ canceled: true }),
      showErrorBox: (title: string, body: string) => {
        throw new Error(`${title}: ${body}`);
      },
    },
    ipcMain: { handle: (channel: string, handler: Handler) => ipc.set(channel, handler) },
    nativeTheme: { shouldUseDarkColors: false },
    protocol: {
      registerSchemesAsPrivileged: (list: unknown[]) => (schemes = list),
      handle: (_scheme: string, handler: (request: Request) => Promise<Response>) => (protocolHandler = handler),
    },
    session: { defaultSession: { setPermissionRequestHandler: () => {} } },
    shell: { openExternal: async () => {} },
  };
}

const trusted = () => ({ sender: windows[0].webContents, senderFrame: { url: 'lectern://app/index.html' } });
const invoke = (channel: string, event: unknown, ...args: unknown[]) => ipc.get(channel)!(event, ...args);

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'lectern-main-bundle-'));
  // Inside the repo, so the bundle's external packages resolve from node_modules.
  bundleDir = await mkdtemp(path.join(repo, 'node_modules', '.lectern-test-electron-'));
  const built = spawnSync(process.execPath, [path.join(repo, 'scripts', 'build.mjs'), 'electron'], {
    cwd: repo,
    env: { ...process.env, LECTERN_ELECTRON_OUTDIR: bundleDir },
    encoding: 'utf8',
  });
  expect(built.status, built.stderr).toBe(0);
  appDir = path.join(work, 'app');
  await mkdir(path.join(appDir, 'dist-renderer'), { recursive: true });
  await writeFile(path.join(appDir, 'dist-renderer', 'index.html'), '<!doctype html><title>Lectern</title>');
  courseFolder = path.join(work, 'Course');
  await mkdir(courseFolder);
  // Not a real recording: indexing it fails fast at the probe, which is all these tests need.
  await writeFile(path.join(courseFolder, 'broken.mp4'), 'not a video');
  process.env.LECTERN_HOME = path.join(work, 'home');

  const Module = require('node:module') as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = Module._load;
  const electron = fakeElectron();
  Module._load = function (request: string, ...rest: unknown[]) {
    return request === 'electron' ? electron : load.call(this, request, ...rest);
  };
  try {
    require(path.join(bundleDir, 'main.cjs'));
  } finally {
    Module._load = load;
  }
  for (let i = 0; i < 100 && windows.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
});

afterAll(async () => {
  if (savedEnv === undefined) delete process.env.LECTERN_HOME;
  else process.env.LECTERN_HOME = savedEnv;
  await rm(bundleDir, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

describe('the bundled Electron main process', () => {
  it('ships the embedding and lexical search workers and the whisper.cpp process beside the bundle, and they start', async () => {
    const child = fork(path.join(bundleDir, 'whisper-child.mjs'), [], { stdio: 'ignore' });
    const answer = await new Promise<{ type: string; code?: string }>((resolve, reject) => {
      child.once('message', (message) => resolve(message as { type: string; code?: string }));
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`whisper-child exited with code ${code}`)));
      child.send({ type: 'transcribe', id: 1, pcm: [], language: 'en', threads: 1 });
    });
    child.kill();
    // It runs and answers in its protocol (no model loaded yet).
    expect(answer).toMatchObject({ type: 'failed', code: 'asr-not-loaded' });
    const { Worker } = await import('node:worker_threads');
    const worker = new Worker(path.join(bundleDir, 'embed-worker.mjs'), {
      workerData: { spec: { kind: 'slide-descriptor' } },
    });
    const ready = await new Promise<{ type: string; id?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(ready).toMatchObject({ type: 'ready' });
    // Moment search's lexical half, on the library the service opened.
    const lexical = new Worker(path.join(bundleDir, 'lexical-search-worker.mjs'), {
      workerData: { dataDir: path.join(work, 'home') },
    });
    const lexicalReady = await new Promise<{ type: string; message?: string }>((resolve, reject) => {
      lexical.once('message', resolve);
      lexical.once('error', reject);
    });
    await lexical.terminate();
    expect(lexicalReady).toEqual({ type: 'ready' });
  });

  it('opens one window, isolated and sandboxed, on the app protocol', () => {
    expect(windows).toHaveLength(1);
    expect(windows[0].options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: path.join(appDir, 'dist-electron', 'preload.cjs'),
    });
    expect(windows[0].url).toBe('lectern://app/index.html');
    expect(schemes).toEqual([
      expect.objectContaining({
        scheme: 'lectern',
        privileges: expect.objectContaining({ standard: true, secure: true, stream: true }),
      }),
    ]);
  });

  it('serves the renderer through the protocol with the CSP', async () => {
    const response = await protocolHandler!(new Request('lectern://app/index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await response.text()).toContain('<title>Lectern</title>');
  });

  it('routes contract calls from the window to the service', async () => {
    expect(await invoke('lectern:call', trusted(), 'listFolders', {})).toEqual({ ok: true, value: [] });
    const added = (await invoke('lectern:call', trusted(), 'addFolder', { path: courseFolder })) as {
      ok: boolean;
      value: { path: string };
    };
    expect(added.ok).toBe(true);
    expect(added.value.path).toBe(courseFolder);
  });

  it('turns a user error into its code and words', async () => {
    expect(await invoke('lectern:call', trusted(), 'getLecture', { id: 999 })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'No lecture with id 999.' },
    });
  });

  it('refuses unknown methods and calls from anywhere but the app', async () => {
    expect(await invoke('lectern:call', trusted(), 'lectureRow', { id: 1 })).toMatchObject({
      ok: false,
      error: { code: 'unknown-method' },
    });
    const stranger = { sender: windows[0].webContents, senderFrame: { url: 'https://example.com/' } };
    expect(await invoke('lectern:call', stranger, 'listFolders', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('pushes progress and queue changes to the window', async () => {
    const updates = () =>
      windows[0].webContents.sent.map(
        ([, update]) => update as { kind: string; event?: { stage: string; file: string } },
      );
    const failed = () => updates().find((u) => u.kind === 'progress' && u.event?.stage === 'failed');
    for (let i = 0; i < 500 && !failed(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(failed()?.event?.file).toBe(path.join(courseFolder, 'broken.mp4'));
    expect(windows[0].webContents.sent.every(([channel]) => channel === 'lectern:update')).toBe(true);
    expect(new Set(updates().map((u) => u.kind))).toEqual(new Set(['jobs', 'progress']));
  });

  it('answers the folder, slides and model-file pickers and a cancelled save dialog', async () => {
    expect(await invoke('lectern:pick-folder', trusted())).toBe(courseFolder);
    expect(openDialogs.at(-1)?.properties).toEqual(['openDirectory']);
    expect(await invoke('lectern:pick-pdf', trusted())).toBe(courseFolder);
    expect(openDialogs.at(-1)).toMatchObject({ properties: ['openFile'], filters: [{ extensions: ['pdf', 'PDF'] }] });
    expect(await invoke('lectern:pick-model-file', trusted())).toBe(courseFolder);
    expect(openDialogs.at(-1)).toMatchObject({
      properties: ['openFile'],
      filters: [{ extensions: ['bin', 'onnx'] }, {}],
    });
    expect(await invoke('lectern:save-export', trusted(), { id: 999 })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });

  it('stops background work and closes the library before quitting', async () => {
    let prevented = false;
    for (const handler of appEvents.get('before-quit') ?? []) handler({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    for (let i = 0; i < 250 && quitCalls === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(quitCalls).toBe(1);
    // The library database is closed: a late call fails instead of writing.
    expect(await invoke('lectern:call', trusted(), 'listFolders', {})).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringMatching(/not open/) },
    });
  });
});
