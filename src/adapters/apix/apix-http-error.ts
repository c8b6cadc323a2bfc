import { UpstreamError } from '../../domain/errors.js';

/** API X's error body (docs/api-x.openapi.yaml, `Error`). */
export interface ApixErrorBody {
  readonly code: string;
  readonly message: string;
  readonly fieldErrors?: readonly { readonly field: string; readonly message: string }[];
  /** On 409 `order_exists`: the reference API X already gave this Shopify order. */
  readonly reference?: string;
}

/**
 * A request to API X that failed after the adapter's retries. Built from the axios error with
 * only what a caller needs (status, API X's error body, Retry-After); the request config and
 * socket objects, which carry the bearer token, are left behind on purpose.
 */
export class ApixHttpError extends UpstreamError {
  /** API X's error `code`, or the network error code (ECONNREFUSED, ETIMEDOUT, ...). */
  override readonly code: string | null;
  readonly method: string;
  readonly path: string;
  /** The response body when API X sent its error shape, else null. */
  readonly body: ApixErrorBody | null;
  readonly retryAfterMs: number | null;
  constructor(
    message: string,
    options: {
      retryable: boolean;
      status: number | null;
      hint: string | null;
      code: string | null;
      method: string;
      path: string;
      body: ApixErrorBody | null;
      retryAfterMs: number | null;
    },
  ) {
    super('API X', message, {
      retryable: options.retryable,
      status: options.status,
      hint: options.hint,
    });
    this.code = options.code;
    this.method = options.method;
    this.path = options.path;
    this.body = options.body;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The one table of what is worth retrying: timeouts, rate limits and server failures. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Reads API X's error body; anything else (HTML from a proxy, empty) gives null. */
export function parseApixErrorBody(data: unknown): ApixErrorBody | null {
  if (typeof data !== 'object' || data === null) return null;
  const { code, message, fieldErrors, reference } = data as Record<string, unknown>;
  if (typeof code !== 'string' || typeof message !== 'string') return null;
  const fields = Array.isArray(fieldErrors)
    ? fieldErrors.flatMap((e: unknown) => {
        if (typeof e !== 'object' || e === null) return [];
        const { field, message: m } = e as Record<string, unknown>;
        return typeof field === 'string' && typeof m === 'string' ? [{ field, message: m }] : [];
      })
    : undefined;
  return {
    code,
    message,
    ...(fields ? { fieldErrors: fields } : {}),
    ...(typeof reference === 'string' && reference !== '' ? { reference } : {}),
  };
}

/** "code: message (field: message; ...)" for logs and rejection reasons. */
export function describeApixErrorBody(body: ApixErrorBody): string {
  const fields = body.fieldErrors?.map((f) => `${f.field}: ${f.message}`).join('; ');
  return fields ? `${body.code}: ${body.message} (${fields})` : `${body.code}: ${body.message}`;
}
