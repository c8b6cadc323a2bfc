import { UpstreamError } from '../../../domain/errors.js';
import type { FieldError } from '../../../domain/model/catalog-write.js';
import { parseRetryAfter, type BackoffPolicy } from '../../../domain/retry-policy.js';
import { createReadRetry, type ReadFailure } from '../read-retry.js';
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

/** How often, and how patiently, a result file is fetched again. */
export interface DownloadRetry {
  /** Attempts after the first (a refusal and a break midway count alike). */
  readonly retries: number;
  readonly policy: BackoffPolicy;
}

const DOWNLOAD_RETRY: DownloadRetry = { retries: 3, policy: { baseMs: 500, maxMs: 30_000 } };

/**
 * The lines of a bulk result file (a signed storage URL, no Shopify token), downloaded as they
 * are read. A refusal worth retrying (429, 5xx), a network error and a body that breaks off
 * midway (undici's "terminated") all go through the one read-retry budget: the file is fetched
 * again after the server's Retry-After or the back-off, and lines already handed out are
 * skipped, so a long result file survives a dropped connection. When the budget is spent the
 * error names the download, how far it got and why it stopped.
 */
export async function* downloadLines(
  doFetch: typeof fetch,
  url: string,
  signal: AbortSignal | undefined,
  retry: DownloadRetry = DOWNLOAD_RETRY,
): AsyncGenerator<{ line: string; index: number }> {
  // The signed URL carries a signature, not our token; still, errors name only its host.
  const host = new URL(url).host;
  const retries = createReadRetry({ ...retry, signal });
  let next = 0;
  let breaks = 0;
  for (;;) {
    const opened = await openResult(doFetch, url, host, signal);
    let failure = 'failure' in opened ? opened.failure : null;
    if ('body' in opened) {
      try {
        // A consumer's own error does not come back here: it ends this generator through return().
        for await (const item of readLines(opened.body, signal)) {
          if (item.index < next) continue;
          next = item.index + 1;
          yield item;
        }
        return;
      } catch (error) {
        if (signal?.aborted) throw error;
        breaks += 1;
        failure = { reason: causeChain(error), retryAfterMs: null };
      }
    }
    if (failure && !(await retries.again(failure)))
      throw breaks > 0
        ? new UpstreamError(
            'shopify',
            `bulk result download from ${host} broke off after ${next} lines, ${breaks} times: ${failure.reason}`,
            {
              retryable: true,
              hint: 'the next run reads the result again; a connection that keeps closing midway points at a proxy or the network',
            },
          )
        : downloadFailed(host, failure.reason);
  }
}

/** One GET of the file: its body, or why not (a refusal not worth retrying throws). */
async function openResult(
  doFetch: typeof fetch,
  url: string,
  host: string,
  signal: AbortSignal | undefined,
): Promise<{ body: ReadableStream<Uint8Array> } | { failure: ReadFailure }> {
  let response: Response;
  try {
    response = await doFetch(url, signal ? { signal } : {});
  } catch (error) {
    if (signal?.aborted) throw error;
    return { failure: { reason: causeChain(error), retryAfterMs: null } };
  }
  if (response.ok && response.body) return { body: response.body };
  await response.body?.cancel();
  const reason = `HTTP ${response.status}`;
  // 429 and 5xx pass; any other refusal (403: the signature expired, 404) will not change.
  if (response.status < 500 && response.status !== 429) throw downloadFailed(host, reason);
  return {
    failure: {
      reason,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), Date.now()),
    },
  };
}

function downloadFailed(host: string, reason: string): UpstreamError {
  return new UpstreamError('shopify', `bulk result download from ${host} failed: ${reason}`, {
    retryable: true,
    hint: 'the result URL may have expired; poll the bulk operation again for a fresh one',
  });
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

const NO_ANSWER: FieldError = { field: null, message: 'the result line has no answer', code: null };

/**
 * A bulk mutation's result line as that mutation's answer: `payload` is `data[mutation]`, and
 * `errors` the line's own (throttled, unreadable) when it has any, else the payload's userErrors.
 * A line with neither a payload nor errors vouches for nothing: it is an error of its own, so no
 * reader counts it a success ("Succeeded" means the work was done).
 */
export function readMutationResultLine(
  line: string,
  index: number,
  mutation: string,
): { lineNumber: number; payload: unknown; errors: FieldError[] } {
  const { lineNumber, data, errors } = readResultLine(line, index);
  const payload = data[mutation];
  if (errors.length === 0 && (payload === undefined || payload === null))
    return { lineNumber, payload, errors: [NO_ANSWER] };
  return {
    lineNumber,
    payload,
    errors: errors.length > 0 ? errors : toFieldErrors(obj(payload)['userErrors']),
  };
}
