/**
 * Keeping secrets out of logs, error messages and metrics. Three layers, because each catches what
 * the others miss: keys that name a secret are blanked at any depth (`redactSecrets`), credentials
 * inside URLs are masked wherever a string holds one (`redactUrl`, `scrubUrlCredentials`), and the
 * known values of this run's secrets are replaced in any free text (`scrubSecrets`).
 */

export const REDACTED = '[REDACTED]';

// Compared after lower-casing and dropping '-' and '_', so `X-Shopify-Access-Token`,
// `access_token` and `accessToken` are the same key.
const SECRET_KEY_EXACT = new Set([
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'pass',
  'pwd',
]);
const SECRET_KEY_SUFFIXES = [
  'token',
  'password',
  'passwd',
  'secret',
  'apikey',
  'privatekey',
  'credentials',
];

/** true when a property of this name holds a secret (token, password, authorization, cookie, ...). */
export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_]/g, '');
  return SECRET_KEY_EXACT.has(k) || SECRET_KEY_SUFFIXES.some((s) => k.endsWith(s));
}

const SECRET_QUERY_PARAMS =
  /([?&](?:password|sslpassword|token|access_token|api_key|apikey|secret)=)[^&#\s"'<>\\]*/gi;

/**
 * Masks the password of a URL (`postgres://user:secret@host/db` → `postgres://user:***@host/db`) and
 * secret query parameters (`?password=…`). Works on strings that are not valid URLs too.
 */
export function redactUrl(url: string): string {
  return scrubUrlCredentials(url);
}

// `scheme://user:password@` anywhere in a text; the user name stays, it helps diagnose.
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@"'\\]*:)[^\s@/"'\\]*@/gi;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g;
// Shopify access tokens have a recognisable shape; mask them even when nobody declared them.
const SHOPIFY_TOKEN = /\bshp(?:at|ca|pa|ss|ua)_[A-Za-z0-9]{16,}/g;

/** Masks credentials in URLs, bearer/basic authorization values and Shopify-shaped tokens in free text. */
export function scrubUrlCredentials(text: string): string {
  return text
    .replace(URL_CREDENTIALS, '$1***@')
    .replace(SECRET_QUERY_PARAMS, '$1***')
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(SHOPIFY_TOKEN, REDACTED);
}

/** Secrets shorter than this are not scrubbed from free text: replacing "a" everywhere helps nobody. */
export const MIN_SCRUBBED_SECRET_LENGTH = 6;

/**
 * Replaces every occurrence of each known secret value in `text` (also in its JSON-escaped and
 * URL-encoded forms, as they appear in serialised logs and request URLs), then masks URL credentials.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < MIN_SCRUBBED_SECRET_LENGTH) continue;
    for (const form of new Set([
      secret,
      JSON.stringify(secret).slice(1, -1),
      encodeURIComponent(secret),
    ])) {
      out = out.split(form).join(REDACTED);
    }
  }
  return scrubUrlCredentials(out);
}

const MAX_DEPTH = 8;
const MAX_KEYS = 200;

/**
 * A JSON-ready copy of `value` with secret-named keys blanked at any depth, URL credentials and the
 * given secrets masked in strings, and Errors turned into plain objects (type, message, stack,
 * code, own fields, cause). Axios errors are reduced to method, URL and status: their `config`,
 * `request` and `response` carry the request headers (tokens) and whole sockets.
 */
export function redactSecrets(value: unknown, secrets: readonly string[] = []): unknown {
  return walk(value, secrets, 0, new WeakSet());
}

function walk(
  value: unknown,
  secrets: readonly string[],
  depth: number,
  seen: WeakSet<object>,
): unknown {
  if (typeof value === 'string') return scrubSecrets(value, secrets);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  seen.add(value);
  try {
    if (value instanceof Date) return value;
    if (Buffer.isBuffer(value)) return `[Buffer ${value.length} bytes]`;
    if (value instanceof Error) return walkError(value, secrets, depth, seen);
    if (Array.isArray(value))
      return value.slice(0, MAX_KEYS).map((v) => walk(v, secrets, depth + 1, seen));
    if (value instanceof Map) return walk(Object.fromEntries(value), secrets, depth, seen);
    if (value instanceof Set) return walk([...value], secrets, depth, seen);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).slice(0, MAX_KEYS)) {
      const v = (value as Record<string, unknown>)[key];
      if (typeof v === 'function') continue;
      out[key] =
        isSecretKey(key) && v !== null && v !== undefined && v !== ''
          ? REDACTED
          : walk(v, secrets, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

function walkError(
  error: Error,
  secrets: readonly string[],
  depth: number,
  seen: WeakSet<object>,
): Record<string, unknown> {
  const fields = error as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {
    type: error.constructor?.name ?? error.name,
    message: scrubSecrets(error.message, secrets),
    stack: error.stack === undefined ? undefined : scrubSecrets(error.stack, secrets),
  };
  if (fields['isAxiosError'] === true) {
    const config = asRecord(fields['config']);
    const response = asRecord(fields['response']);
    out['code'] = fields['code'];
    out['method'] =
      typeof config['method'] === 'string' ? config['method'].toUpperCase() : undefined;
    out['url'] =
      typeof config['url'] === 'string' ? scrubSecrets(config['url'], secrets) : undefined;
    out['status'] = response['status'];
    if (response['data'] !== undefined)
      out['responseData'] = truncate(walk(response['data'], secrets, depth + 1, seen));
  } else {
    for (const key of Object.keys(error).slice(0, MAX_KEYS)) {
      if (key === 'cause' || key in out) continue;
      const v = fields[key];
      if (typeof v === 'function') continue;
      out[key] =
        isSecretKey(key) && v !== null && v !== undefined && v !== ''
          ? REDACTED
          : walk(v, secrets, depth + 1, seen);
    }
  }
  if (error instanceof AggregateError) out['errors'] = walk(error.errors, secrets, depth + 1, seen);
  if (error.cause !== undefined) out['cause'] = walk(error.cause, secrets, depth + 1, seen);
  return out;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

const MAX_RESPONSE_CHARS = 2000;

function truncate(value: unknown): unknown {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text === undefined || text.length <= MAX_RESPONSE_CHARS) return value;
  return `${text.slice(0, MAX_RESPONSE_CHARS)}… (${text.length} chars)`;
}
