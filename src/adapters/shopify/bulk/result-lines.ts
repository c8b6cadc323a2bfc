import { UpstreamError } from '../../../domain/errors.js';
import type { FieldError } from '../../../domain/model/catalog-write.js';
import { backoffMs } from '../../../domain/retry-policy.js';
import { abortableSleep } from '../../../infra/abortable-sleep.js';
import { obj, str, type Obj } from '../graphql-values.js';
import { toFieldErrors } from '../product-set-input.js';

/**
 * Lines of a JSONL response body, decoded as they arrive: memory holds one chunk and one partial
 * line, whatever the file size. Blank lines are skipped; the line number counts them anyway.
 */
export async function* readLines(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<{ line: string; index: number }> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffer = '';
  let index = 0;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let nl = buffer.indexOf('\n');
      while (nl >= 0) {
        const line = buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        if (line.trim() !== '') yield { line, index };
        index += 1;
        nl = buffer.indexOf('\n');
      }
      if (done) break;
    }
    if (buffer.trim() !== '') yield { line: buffer, index };
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/**
 * GET a bulk result file (a signed storage URL, no Shopify token), retrying 5xx and network
 * errors a few times before the body starts streaming.
 */
export async function openDownload(
  doFetch: typeof fetch,
  url: string,
  signal: AbortSignal | undefined,
  attempts = 4,
  baseMs = 500,
): Promise<ReadableStream<Uint8Array>> {
  let last = '';
  for (let n = 0; n < attempts; n++) {
    // Uncapped: `attempts` is small (4), so the ceiling stays a few seconds.
    if (n > 0)
      await abortableSleep(
        backoffMs(n - 1, { baseMs, maxMs: Number.POSITIVE_INFINITY }, Math.random),
        signal,
      );
    try {
      const response = await doFetch(url, signal ? { signal } : {});
      if (response.ok && response.body) return response.body;
      await response.body?.cancel();
      last = `HTTP ${response.status}`;
      if (response.status < 500 && response.status !== 429) break;
    } catch (error) {
      if (signal?.aborted) throw error;
      last = error instanceof Error ? error.message : String(error);
    }
  }
  // The signed URL carries a signature, not our token; still, log only its host.
  throw new UpstreamError(
    'shopify',
    `bulk result download from ${new URL(url).host} failed: ${last}`,
    {
      retryable: true,
      hint: 'the result URL may have expired; poll the bulk operation again for a fresh one',
    },
  );
}

/**
 * The lines of a bulk result file, downloaded as they are read. A body that breaks off midway
 * (undici's "terminated": the connection closed while the body was read) is opened again and the
 * lines already handed out are skipped, so a long result file survives a dropped connection; after
 * `attempts` breaks the error names the download, how far it got and why it stopped.
 */
export async function* downloadLines(
  doFetch: typeof fetch,
  url: string,
  signal: AbortSignal | undefined,
  attempts = 4,
  baseMs = 500,
): AsyncGenerator<{ line: string; index: number }> {
  let next = 0;
  for (let breaks = 0; ;) {
    const body = await openDownload(doFetch, url, signal, attempts, baseMs);
    try {
      // A consumer's own error does not come back here: it ends this generator through return().
      for await (const item of readLines(body, signal)) {
        if (item.index < next) continue;
        next = item.index + 1;
        yield item;
      }
      return;
    } catch (error) {
      if (signal?.aborted) throw error;
      breaks += 1;
      if (breaks >= attempts)
        throw new UpstreamError(
          'shopify',
          `bulk result download from ${new URL(url).host} broke off after ${next} lines, ${breaks} times: ${causeChain(error)}`,
          {
            retryable: true,
            hint: 'the next run reads the result again; a connection that keeps closing midway points at a proxy or the network',
          },
        );
      await abortableSleep(
        backoffMs(breaks - 1, { baseMs, maxMs: Number.POSITIVE_INFINITY }, Math.random),
        signal,
      );
    }
  }
}

/** "terminated (other side closed)": undici puts the socket's reason in `cause`. */
function causeChain(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e instanceof Error && depth < 4; depth++, e = e.cause) parts.push(e.message);
  if (parts.length === 0) return typeof error === 'string' ? error : 'unknown error';
  return parts[0] + (parts.length > 1 ? ` (${parts.slice(1).join(': ')})` : '');
}

/** The envelope every bulk mutation result line shares: `{ data, errors?, __lineNumber? }`. */
export function readResultLine(
  line: string,
  index: number,
): { lineNumber: number; data: Obj; errors: FieldError[] } {
  let parsed: Obj;
  try {
    parsed = obj(JSON.parse(line));
  } catch {
    return {
      lineNumber: index,
      data: {},
      errors: [{ field: null, message: 'unreadable result line', code: null }],
    };
  }
  const lineNumber = typeof parsed['__lineNumber'] === 'number' ? parsed['__lineNumber'] : index;
  // Top-level errors of a line carry their code in `extensions` (e.g. VARIANT_THROTTLE_EXCEEDED).
  const errors = Array.isArray(parsed['errors'])
    ? toFieldErrors(
        parsed['errors'].map((e: unknown): Obj => {
          const code = str(obj(obj(e)['extensions'])['code']);
          return code ? { ...obj(e), code } : obj(e);
        }),
      )
    : [];
  return { lineNumber, data: obj(parsed['data']), errors };
}
