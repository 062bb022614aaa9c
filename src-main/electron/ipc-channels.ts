// The IPC channels between the Electron main process and the preload, and the envelope a
// call comes back in (an Error would lose its code and hint on the way).
import type { ApiFailure } from '../api/contract.ts';

export const IPC = {
  /** invoke(method, params) -> IpcResult: one API contract method. */
  call: 'lectern:call',
  /** main -> window: LiveUpdate (progress events and queue state). */
  update: 'lectern:update',
  /** invoke() -> string | null: the native folder picker. */
  pickFolder: 'lectern:pick-folder',
  /** invoke() -> string | null: the native file picker for a PDF slide deck. */
  pickPdf: 'lectern:pick-pdf',
  pickModelFile: 'lectern:pick-model-file',
  /** invoke({ id }) -> IpcResult<SaveExportResult>: the Markdown export through a save dialog. */
  saveExport: 'lectern:save-export',
} as const;

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: ApiFailure };
