// The desktop window: one LecternService, exposed to a sandboxed, context-isolated renderer
// through IPC (checked method names, checked sender) and served from `lectern://app/`.
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  nativeTheme,
  protocol,
  session,
  shell,
  type IpcMainInvokeEvent,
} from 'electron';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LecternHostApi, LiveUpdate, SaveExportResult } from '../api/contract.ts';
import { LecternService } from '../api/lectern-service.ts';
import { createRequestHandler, type RequestHandler } from '../api/request-handler.ts';
import { UserError } from '../core/user-error.ts';
import { EXPORT_FILE_TYPES, parseExportFormat } from '../core/lecture-export.ts';
import { failure, isAppUrl, routeCall } from './api-router.ts';
import { APP_ORIGIN, APP_SECURITY, appProtocol } from './app-protocol.ts';
import { IPC, type IpcResult } from './ipc-channels.ts';

protocol.registerSchemesAsPrivileged([
  { scheme: 'lectern', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);
app.enableSandbox();

let service: LecternService | null = null;
let window: BrowserWindow | null = null;

function openService(): LecternService {
  const opened = LecternService.open(process.env.LECTERN_HOME);
  opened.startBackgroundWork();
  return opened;
}

function trustedSender(event: IpcMainInvokeEvent): boolean {
  return window !== null && event.sender === window.webContents && isAppUrl(event.senderFrame?.url);
}

function send(update: LiveUpdate): void {
  if (window && !window.isDestroyed()) window.webContents.send(IPC.update, update);
}

function registerIpc(lectern: LecternHostApi, handle: RequestHandler): void {
  ipcMain.handle(IPC.call, async (event, method: unknown, params: unknown) => {
    if (!trustedSender(event))
      return failure(new UserError('forbidden', 'Calls are only accepted from the Lectern window.'));
    return routeCall(handle, method, params);
  });

  /** A native open dialog for the window's own requests: the chosen path, or null when cancelled. */
  const pickOne = (channel: string, options: Electron.OpenDialogOptions) =>
    ipcMain.handle(channel, async (event): Promise<string | null> => {
      if (!trustedSender(event) || !window) return null;
      const result = await dialog.showOpenDialog(window, options);
      return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
    });
  pickOne(IPC.pickFolder, { title: 'Add a course folder', buttonLabel: 'Add folder', properties: ['openDirectory'] });
  pickOne(IPC.pickPdf, {
    title: 'Attach the lecture’s slides',
    buttonLabel: 'Attach slides',
    properties: ['openFile'],
    filters: [{ name: 'PDF slides', extensions: ['pdf', 'PDF'] }],
  });
  pickOne(IPC.pickModelFile, {
    title: 'Import a model file',
    buttonLabel: 'Choose model',
    properties: ['openFile'],
    filters: [
      { name: 'Models (whisper.cpp, ONNX)', extensions: ['bin', 'onnx'] },
      { name: 'All files', extensions: ['*'] },
    ],
  });

  ipcMain.handle(IPC.saveExport, async (event, params: unknown): Promise<IpcResult<SaveExportResult>> => {
    if (!trustedSender(event) || !window) return failure(new UserError('forbidden', 'Not from the Lectern window.'));
    const request = (params ?? {}) as { id?: unknown; format?: unknown };
    const id = Number(request.id);
    try {
      const format = parseExportFormat(request.format ?? 'md');
      const type = EXPORT_FILE_TYPES[format];
      const exported = await lectern.exportLecture({ id, format });
      const choice = await dialog.showSaveDialog(window, {
        title: `Export ${type.label}`,
        defaultPath: path.join(app.getPath('documents'), exported.filename.replace(/[\\/:*?"<>|]/g, '_')),
        filters: [{ name: type.label, extensions: [type.extension.split('.').pop()!] }],
      });
      if (choice.canceled || !choice.filePath) return { ok: true, value: { saved: false, path: null } };
      await writeFile(choice.filePath, exported.content, 'utf8');
      return { ok: true, value: { saved: true, path: choice.filePath } };
    } catch (error) {
      return failure(error);
    }
  });

  lectern.subscribe(send);
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 760,
    minHeight: 520,
    title: 'Lectern',
    show: false,
    // The page's own background, so no white flash before the first paint in dark mode.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#131518' : '#f5f6f8',
    webPreferences: {
      preload: path.join(app.getAppPath(), 'dist-electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  // The window never becomes another site: links to the web open in the browser.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });

  app.whenReady().then(() => {
    // Nothing the window does needs a permission (camera, notifications, …).
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    try {
      service = openService();
    } catch (error) {
      dialog.showErrorBox('Lectern cannot start', (error as Error).message);
      app.quit();
      return;
    }
    const handle = createRequestHandler({
      api: service,
      rendererDir: path.join(app.getAppPath(), 'dist-renderer'),
      security: APP_SECURITY,
    });
    protocol.handle('lectern', appProtocol(handle));
    registerIpc(service, handle);
    window = createWindow();
    window.on('closed', () => (window = null));
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) window = createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let stopping = false;
  app.on('before-quit', (event) => {
    if (stopping || !service) return;
    stopping = true;
    event.preventDefault();
    const closing = service;
    service = null;
    // Let the running stage stop cleanly (finished stages stay cached), then close the database.
    void closing
      .stopBackgroundWork()
      .catch(() => {})
      .finally(() => {
        closing.close();
        app.quit();
      });
  });
}
