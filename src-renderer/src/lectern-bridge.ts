// What the Electron preload exposes as `window.lectern`: the API contract itself, plus the
// few things only a desktop window has. Types only; the preload checks itself against it.
import type { ExportFormat, JobsState, LecternApi, ProgressEvent } from '../../src-main/api/contract.ts';

/** A push from the host: a stage's progress, or the queue's state (sent when it goes idle). */
export type LiveUpdate = { kind: 'progress'; event: ProgressEvent } | { kind: 'jobs'; state: JobsState };

/** How a failed call reaches the renderer over the bridge (a plain object survives the copy). */
export interface BridgeError {
  code: string;
  message: string;
  hint?: string;
}

export interface SaveExportResult {
  /** False when the user cancelled the save dialog. */
  saved: boolean;
  path: string | null;
}

export interface LecternBridge extends LecternApi {
  /** Calls `listener` for every progress event and queue change; returns an unsubscribe function. */
  onProgress(listener: (update: LiveUpdate) => void): () => void;
  /** The native folder picker; resolves to null when cancelled. */
  pickFolder(): Promise<string | null>;
  /** Renders an export (Markdown when no format is given) and asks where to save it. */
  saveExport(params: { id: number; format?: ExportFormat }): Promise<SaveExportResult>;
}
