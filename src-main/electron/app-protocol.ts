// What `lectern://app/…` answers in the desktop window: the one request handler's files (the
// built renderer, a lecture's media with byte ranges, slide thumbnails), the same paths the
// loopback HTTP host serves. API calls arrive over IPC instead (api-router.ts), so the
// protocol only reads. No Electron import here: the window's protocol.handle() calls it.
import type { RequestHandler } from '../api/request-handler.ts';

export const APP_ORIGIN = 'lectern://app';

/** The request handler's options for the desktop window: only `lectern://app`, which the host vouches for. */
export const APP_SECURITY = { origins: [APP_ORIGIN], hosts: ['app'] } as const;

/** Answers one `lectern://` request. */
export function appProtocol(handle: RequestHandler): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed.', { status: 405, headers: { 'Content-Type': 'text/plain' } });
    }
    return handle(request);
  };
}
