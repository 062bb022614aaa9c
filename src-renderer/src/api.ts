// The renderer's only way to Lectern: the typed contract over one of two transports.
// In Electron the preload bridge (`window.lectern`); in a browser, `POST /api/<method>` on
// the loopback host (its session cookie rides along) and server-sent events for progress.
import type {
  ApiErrorBody,
  ApiFailure,
  ApiMethod,
  ExportFormat,
  JobsState,
  LecternApi,
  LecternBridge,
  LiveUpdate,
  ModelProgress,
  ProgressEvent,
} from '../../src-main/api/contract.ts';

/** A failure to show in words: the host's code, message and hint. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ExportOutcome {
  saved: boolean;
  /** Where the file went (Electron) or its name (browser download). */
  where: string | null;
}

export interface LecternClient {
  readonly host: 'electron' | 'browser';
  readonly api: LecternApi;
  /** Progress and queue changes as they happen; returns an unsubscribe function. */
  subscribe(listener: (update: LiveUpdate) => void): () => void;
  /** Whether the live stream is connected (always true over IPC). */
  onConnection(listener: (connected: boolean) => void): () => void;
  /** The native folder picker, or null where there is none (the browser shows a path field). */
  readonly pickFolder: (() => Promise<string | null>) | null;
  /** The native PDF picker for a lecture's slides, or null where there is none (the browser asks for a path). */
  readonly pickPdf: (() => Promise<string | null>) | null;
  /** The native picker for a model file to import, or null where there is none (the browser asks for a path). */
  readonly pickModelFile: (() => Promise<string | null>) | null;
  /** Saves the lecture in an export format (Markdown by default): a save dialog in Electron, a download in the browser. */
  exportLecture(id: number, format?: ExportFormat): Promise<ExportOutcome>;
}

declare global {
  interface Window {
    lectern?: LecternBridge;
  }
}

type Call = <M extends ApiMethod>(method: M, params: Parameters<LecternApi[M]>[0]) => ReturnType<LecternApi[M]>;

/** Builds the contract object from one `call` function, method by method, on first use. */
function contractOver(call: Call): LecternApi {
  return new Proxy({} as LecternApi, {
    get(_target, method) {
      if (typeof method !== 'string') return undefined;
      return (params: unknown) => call(method as ApiMethod, (params ?? {}) as never);
    },
  });
}

/** Whatever a host threw, as an ApiError with a message a person can act on. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error && typeof error === 'object' && 'message' in error) {
    const e = error as Partial<ApiFailure>;
    if (typeof e.code === 'string' && typeof e.message === 'string') return new ApiError(e.code, e.message, e.hint);
    return new ApiError('internal', String(e.message));
  }
  return new ApiError('internal', String(error));
}

function electronClient(bridge: LecternBridge): LecternClient {
  const call: Call = (method, params) => {
    const fn = bridge[method] as (p: unknown) => Promise<unknown>;
    return fn(params).catch((error: unknown) => {
      throw toApiError(error);
    }) as ReturnType<LecternApi[typeof method]>;
  };
  return {
    host: 'electron',
    api: contractOver(call),
    subscribe: (listener) => bridge.onProgress(listener),
    onConnection(listener) {
      listener(true);
      return () => {};
    },
    pickFolder: () => bridge.pickFolder().catch((error: unknown) => Promise.reject(toApiError(error))),
    pickPdf: () => bridge.pickPdf().catch((error: unknown) => Promise.reject(toApiError(error))),
    pickModelFile: () => bridge.pickModelFile().catch((error: unknown) => Promise.reject(toApiError(error))),
    async exportLecture(id, format = 'md') {
      try {
        const result = await bridge.saveExport({ id, format });
        return { saved: result.saved, where: result.path };
      } catch (error) {
        throw toApiError(error);
      }
    },
  };
}

const NOT_RUNNING = new ApiError(
  'not-running',
  'Lectern is not answering.',
  'Start `lectern serve` again and open the link it prints.',
);

async function errorFrom(response: Response): Promise<ApiError> {
  if (response.status === 401) {
    return new ApiError(
      'unauthorised',
      'This window is not signed in to Lectern.',
      'Open the link `lectern serve` printed (it carries this run’s access token).',
    );
  }
  try {
    const body = (await response.json()) as Partial<ApiErrorBody>;
    if (body.error?.message) return new ApiError(body.error.code, body.error.message, body.error.hint);
  } catch {
    // not JSON: fall through
  }
  return new ApiError('http-' + response.status, `Lectern answered ${response.status} ${response.statusText}.`);
}

function browserClient(): LecternClient {
  const call: Call = ((method: ApiMethod, params: unknown) =>
    (async () => {
      let response: Response;
      try {
        response = await fetch(`/api/${method}`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(params ?? {}),
        });
      } catch {
        throw NOT_RUNNING;
      }
      if (!response.ok) throw await errorFrom(response);
      return response.json();
    })()) as Call;

  const listeners = new Set<(update: LiveUpdate) => void>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  let source: EventSource | null = null;
  let connected = false;
  const setConnected = (value: boolean) => {
    if (value === connected) return;
    connected = value;
    for (const listener of connectionListeners) listener(value);
  };
  const open = () => {
    if (source) return;
    source = new EventSource('/api/events', { withCredentials: true });
    source.addEventListener('open', () => setConnected(true));
    source.addEventListener('error', () => setConnected(false));
    source.addEventListener('progress', (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as ProgressEvent;
      for (const listener of listeners) listener({ kind: 'progress', event });
    });
    source.addEventListener('transcript', (message) => {
      const { lectureId, seconds } = JSON.parse((message as MessageEvent<string>).data) as {
        lectureId: number;
        seconds: number;
      };
      for (const listener of listeners) listener({ kind: 'transcript', lectureId, seconds });
    });
    source.addEventListener('jobs', (message) => {
      const state = JSON.parse((message as MessageEvent<string>).data) as JobsState;
      setConnected(true);
      for (const listener of listeners) listener({ kind: 'jobs', state });
    });
    source.addEventListener('model', (message) => {
      const progress = JSON.parse((message as MessageEvent<string>).data) as ModelProgress;
      for (const listener of listeners) listener({ kind: 'model', progress });
    });
  };

  return {
    host: 'browser',
    api: contractOver(call),
    subscribe(listener) {
      listeners.add(listener);
      open();
      return () => listeners.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(connected);
      return () => connectionListeners.delete(listener);
    },
    pickFolder: null,
    pickPdf: null,
    pickModelFile: null,
    async exportLecture(id, format = 'md') {
      let response: Response;
      try {
        response = await fetch(`/export/${id}?format=${encodeURIComponent(format)}`, { credentials: 'same-origin' });
      } catch {
        throw NOT_RUNNING;
      }
      if (!response.ok) throw await errorFrom(response);
      const filename = filenameFrom(response.headers.get('Content-Disposition')) ?? `lecture-${id}.${format}`;
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = filename;
      link.hidden = true;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return { saved: true, where: filename };
    },
  };
}

/** The file name a Content-Disposition header suggests (RFC 6266 `filename*` first). */
export function filenameFrom(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // malformed: try the plain form
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
  return plain ? plain[1].trim() : null;
}

export function createClient(): LecternClient {
  return window.lectern ? electronClient(window.lectern) : browserClient();
}
