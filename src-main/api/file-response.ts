// A file as a web Response: its type, and a byte range when one is asked for (so seeking in a
// long recording reads only what it needs). Shared by everything the request handler serves.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { contentTypeOf, parseByteRange } from './content-types.ts';

function stream(file: string, range?: { start: number; end: number }): ReadableStream {
  return Readable.toWeb(createReadStream(file, range)) as unknown as ReadableStream;
}

/** The file's response, or null when there is no such file (the caller says why in words). */
export async function fileResponse(file: string, rangeHeader: string | null, method = 'GET'): Promise<Response | null> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) return null;
    size = info.size;
  } catch {
    return null;
  }
  const type = contentTypeOf(file);
  const range = parseByteRange(rangeHeader, size);
  if (range === 'invalid') {
    return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${size}` } });
  }
  if (range) {
    return new Response(method === 'HEAD' ? null : stream(file, range), {
      status: 206,
      headers: {
        'Content-Type': type,
        'Content-Length': String(range.end - range.start + 1),
        'Content-Range': `bytes ${range.start}-${range.end}/${size}`,
        'Accept-Ranges': 'bytes',
      },
    });
  }
  return new Response(method === 'HEAD' || size === 0 ? null : stream(file), {
    status: 200,
    headers: { 'Content-Type': type, 'Content-Length': String(size), 'Accept-Ranges': 'bytes' },
  });
}
