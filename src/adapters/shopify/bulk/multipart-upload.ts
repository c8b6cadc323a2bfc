import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';

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

/**
 * The staged upload over node:http(s), the file streamed from disk as the socket takes it. Not
 * fetch: undici's fetch keeps a request body in memory until the request ends, whether it is a
 * Blob of the file or a stream (nodejs/undici#4058), so a 90 MB bulk file cost 90-105 MB of
 * RSS while it went up; this way it costs a few socket buffers (scripts/bench/bulk-upload-memory.ts).
 */
export const postFile: PostFile = async (url, fields, file, signal) => {
  const target = new URL(url);
  const { head, tail, contentType } = multipartFrame(fields, file, `----bulk${randomUUID()}`);
  const { size } = await stat(file.path);
  const request = (target.protocol === 'https:' ? https : http).request(target, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'content-length': String(head.length + size + tail.length),
    },
    ...(signal ? { signal } : {}),
  });
  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    request.once('response', resolve);
    request.once('error', reject);
  });
  async function* body(): AsyncGenerator<Buffer> {
    yield head;
    yield* createReadStream(file.path) as AsyncIterable<Buffer>;
    yield tail;
  }
  // A storage host may answer (403: policy refused) before it has read the whole body: that
  // answer counts, and the rest of the file is not sent.
  const sent = pipeline(Readable.from(body()), request).then(
    () => null,
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
  const answer = await response;
  const status = answer.statusCode ?? 0;
  answer.resume();
  if (status < 200 || status >= 300) {
    request.destroy();
    await sent;
    return { status };
  }
  const sendError = await sent;
  if (sendError) throw sendError;
  await finished(answer).catch(() => undefined);
  return { status };
};
