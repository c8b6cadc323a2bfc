import { randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { finished } from 'node:stream/promises';
import { UpstreamError } from '../../../domain/errors.js';

/** A file on disk sent as the last part of a multipart/form-data POST. */
export interface UploadFile {
  readonly path: string;
  /** The part's filename and Content-Type. */
  readonly filename: string;
  readonly contentType: string;
}

/** Posts `fields` and then `file` as multipart/form-data to `url`; resolves with the status. */
export type PostFile = (
  url: string,
  fields: readonly (readonly [name: string, value: string])[],
  file: UploadFile,
  signal?: AbortSignal,
) => Promise<{ readonly status: number }>;

/** Quotes as WHATWG FormData does for a part's name and filename (undici: escape()). */
const escapeName = (s: string): string =>
  s.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');

/** Field values get CRLF line breaks, as FormData serialisation gives them. */
const normalizeValue = (s: string): string => s.replace(/\r(?!\n)|(?<!\r)\n/g, '\r\n');

/**
 * The bytes around the file: every field, then the file part's headers (`head`), and the closing
 * boundary (`tail`). The body is head + the file's bytes + tail, so its length is known before a
 * byte of the file is read (storage POST policies want a Content-Length, not chunked encoding).
 */
export function multipartFrame(
  fields: readonly (readonly [string, string])[],
  file: Pick<UploadFile, 'filename' | 'contentType'>,
  boundary: string,
): { head: Buffer; tail: Buffer; contentType: string } {
  let head = '';
  for (const [name, value] of fields)
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(name)}"\r\n\r\n${normalizeValue(value)}\r\n`;
  head +=
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${escapeName(file.filename)}"\r\n` +
    `Content-Type: ${file.contentType}\r\n\r\n`;
  return {
    head: Buffer.from(head, 'utf8'),
    tail: Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** Read buffers of the upload, each reused once the socket has taken its bytes. */
const UPLOAD_BUFFERS = 4;
const UPLOAD_CHUNK = 64 * 1024;

/**
 * The staged upload over node:http(s), the file read from disk into a few reused buffers as the
 * socket takes them. Not fetch: undici's fetch keeps a request body in memory until the request
 * ends, whether it is a Blob of the file or a stream (nodejs/undici#4058), so a 90 MB bulk file
 * cost 90-105 MB of RSS while it went up. A read stream would allocate a fresh 64 KB buffer per
 * read, garbage that V8 collects only after some 30-60 MB of it; reusing four buffers keeps the
 * upload at a quarter of a megabyte (scripts/bench/bulk-upload-memory.ts).
 */
export function createPostFile(options: {
  /** A connection that neither takes bytes nor answers for this long is given up. */
  readonly idleTimeoutMs: number;
}): PostFile {
  return async (url, fields, file, signal) => {
    const host = new URL(url).host;
    try {
      return await upload(url, fields, file, options.idleTimeoutMs, signal);
    } catch (error) {
      if (signal?.aborted || error instanceof UpstreamError) throw error;
      // Node's network errors name the host and port, never the signed form fields.
      throw new UpstreamError(
        'shopify',
        `staged upload to ${host} failed: ${error instanceof Error ? error.message : String(error)}`,
        { retryable: true, cause: error },
      );
    }
  };
}

/**
 * Idle, not total: a 90 MB file over a slow link takes minutes, a dead one sends nothing. undici's
 * fetch, used before, gave up after 300 s without an answer.
 */
export const postFile: PostFile = createPostFile({ idleTimeoutMs: 60_000 });

async function upload(
  url: string,
  fields: Parameters<PostFile>[1],
  file: UploadFile,
  idleTimeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<{ readonly status: number }> {
  const target = new URL(url);
  const { head, tail, contentType } = multipartFrame(fields, file, `----bulk${randomUUID()}`);
  const handle = await open(file.path, 'r');
  try {
    const { size } = await handle.stat();
    const request = (target.protocol === 'https:' ? https : http).request(target, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'content-length': String(head.length + size + tail.length),
      },
      ...(signal ? { signal } : {}),
    });
    request.setTimeout(idleTimeoutMs, () =>
      request.destroy(
        new UpstreamError(
          'shopify',
          `staged upload to ${target.host} timed out (nothing sent or answered for ${idleTimeoutMs / 1000} s)`,
          { retryable: true },
        ),
      ),
    );
    const response = new Promise<http.IncomingMessage>((resolve, reject) => {
      request.once('response', resolve);
      request.once('error', reject);
      request.once('close', () => reject(new Error('the upload connection closed')));
    });
    // Neither side's end is awaited alone: a refusal (403) may come before the body is sent,
    // and a broken connection may never call back a pending write.
    response.catch(() => undefined);
    const ended = response.then(() => 'answered' as const);
    const written = (chunk: Buffer) =>
      new Promise<void>((resolve, reject) =>
        request.write(chunk, (error) => (error ? reject(error) : resolve())),
      );
    const sendBody = async (): Promise<'sent'> => {
      await written(head);
      const buffers = Array.from({ length: UPLOAD_BUFFERS }, () =>
        Buffer.allocUnsafe(UPLOAD_CHUNK),
      );
      const pending: Promise<void>[] = [];
      for (let position = 0, i = 0; ; i = (i + 1) % UPLOAD_BUFFERS) {
        // A buffer is read into again only once the socket has taken its last bytes.
        await pending[i];
        const buffer = buffers[i] as Buffer;
        const { bytesRead } = await handle.read(buffer, 0, UPLOAD_CHUNK, position);
        if (bytesRead === 0) break;
        position += bytesRead;
        pending[i] = written(buffer.subarray(0, bytesRead));
      }
      await Promise.all(pending);
      await new Promise<void>((resolve) => request.end(tail, () => resolve()));
      return 'sent';
    };
    const sending = sendBody();
    sending.catch(() => undefined);
    const first = await Promise.race([sending, ended]);
    const answer = await response;
    const status = answer.statusCode ?? 0;
    answer.resume();
    if (first === 'answered' && status >= 200 && status < 300)
      // Answered before the whole file went: not an upload to trust.
      throw new Error(`staged upload answered HTTP ${status} before the file was sent`);
    if (status < 200 || status >= 300) request.destroy();
    else await finished(answer).catch(() => undefined);
    return { status };
  } finally {
    await handle.close();
  }
}
