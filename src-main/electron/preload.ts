// Runs sandboxed before the page: exposes `window.lectern`, the API contract plus the few
// desktop-only calls, and nothing else (no ipcRenderer, no Node).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  API_METHODS,
  type ApiMethod,
  type LecternApi,
  type LecternBridge,
  type LiveUpdate,
  type SaveExportResult,
} from '../api/contract.ts';
import { IPC, type IpcResult } from './ipc-channels.ts';

async function unwrap<T>(pending: Promise<IpcResult<T>>): Promise<T> {
  const result = await pending;
  if (result.ok) return result.value;
  // A plain object crosses the context bridge with its code and hint intact.
  throw { code: result.error.code, message: result.error.message, hint: result.error.hint };
}

const contract = Object.fromEntries(
  API_METHODS.map((method: ApiMethod) => [
    method,
    (params: unknown) => unwrap(ipcRenderer.invoke(IPC.call, method, params ?? {}) as Promise<IpcResult<unknown>>),
  ]),
) as unknown as LecternApi;

const bridge: LecternBridge = {
  ...contract,
  onProgress(listener: (update: LiveUpdate) => void): () => void {
    const handler = (_event: IpcRendererEvent, update: LiveUpdate) => listener(update);
    ipcRenderer.on(IPC.update, handler);
    return () => {
      ipcRenderer.removeListener(IPC.update, handler);
    };
  },
  pickFolder: () => ipcRenderer.invoke(IPC.pickFolder) as Promise<string | null>,
  pickPdf: () => ipcRenderer.invoke(IPC.pickPdf) as Promise<string | null>,
  pickModelFile: () => ipcRenderer.invoke(IPC.pickModelFile) as Promise<string | null>,
  saveExport: (params: { id: number; format?: string }) =>
    unwrap(
      ipcRenderer.invoke(IPC.saveExport, { id: params.id, format: params.format }) as Promise<
        IpcResult<SaveExportResult>
      >,
    ),
};

contextBridge.exposeInMainWorld('lectern', bridge);
