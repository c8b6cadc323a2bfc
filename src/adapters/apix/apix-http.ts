import type { AxiosError, AxiosInstance, AxiosStatic, InternalAxiosRequestConfig } from 'axios';
import axiosRetry from 'axios-retry';
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import { AbortedError } from '../../domain/errors.js';
import type { Logger } from '../../domain/ports/logger.js';
import {
  ApixHttpError,
  describeApixErrorBody,
  isTransientStatus,
  parseApixErrorBody,
} from './apix-http-error.js';
import { parseRetryAfter, retryWaitMs } from '../../domain/retry-policy.js';

// axios's CommonJS build, one file, not its ESM entry: that one is ~80 modules, ~260 ms to
// import here against ~110 ms, and every job loads this client on its way to its first request
// (issue 19: start-up is a tenth of a 10k no-change run). Same package, same version.
const axios = createRequire(import.meta.url)('axios') as AxiosStatic;

export type ApixRequestOutcome = 'ok' | 'client_error' | 'server_error' | 'network_error';
export type ApixRequestCounts = Readonly<Record<ApixRequestOutcome, number>>;

export interface ApixHttpOptions {
  readonly baseUrl: string;
  readonly token: string;
  /** Per attempt, not in total. */
  readonly timeoutMs: number;
  /** Retries after the first attempt (so `maxRetries: 2` is at most 3 requests). */
  readonly maxRetries: number;
  readonly logger: Logger;
  /** First back-off step; doubles per retry, with full jitter. Default 200 ms. */
  readonly baseDelayMs?: number;
  /**
   * Longest single wait. A Retry-After longer than this is not waited for in-process: the error
   * goes to the caller, who can schedule a later attempt durably. Default 5000 ms.
   */
  readonly maxDelayMs?: number;
  /** Jitter source; tests pass a constant. Default Math.random. */
  readonly random?: () => number;
}

export interface ApixRequestLimits {
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly maxDelayMs: number;
}

/**
 * API X's transport: an axios instance that authenticates, retries transient failures and turns
 * every failure into an `ApixHttpError` (an `UpstreamError`) that carries no secret.
 */
export interface ApixHttp {
  readonly client: AxiosInstance;
  /**
   * What bounds one request's duration as configured: each try may take `timeoutMs`, there are
   * up to `maxRetries` retries, and a wait between tries is at most `maxDelayMs` (a longer
   * Retry-After is not waited for). Callers derive their worst case from it (apix-order-sink.ts).
   */
  readonly limits: ApixRequestLimits;
  /** Every attempt counted once by outcome (retries included); for the run's metrics. */
  requestCounts(): ApixRequestCounts;
  /**
   * Closes the connections kept alive for the next page. A finished job calls it: an open
   * keep-alive socket holds the process until main.ts's fallback timer ends it (~0.1 s per run).
   */
  close(): void;
}

const NON_NETWORK_CODES = new Set([
  'ERR_BAD_OPTION',
  'ERR_BAD_OPTION_VALUE',
  'ERR_INVALID_URL',
  'ERR_NOT_SUPPORT',
  'ERR_DEPRECATED',
  'ERR_CANCELED',
  'ERR_FR_TOO_MANY_REDIRECTS',
]);

function isCancel(error: AxiosError): boolean {
  return axios.isCancel(error) || error.code === 'ERR_CANCELED';
}

function pathOf(config: InternalAxiosRequestConfig | undefined): string {
  return config?.url ?? '(unknown)';
}

/** Origin only: a base URL could carry userinfo, which must not reach a log line. */
export function safeOrigin(baseUrl: string): string {
  try {
    const u = new URL(baseUrl);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

export function createApixHttp(options: ApixHttpOptions): ApixHttp {
  const baseDelayMs = options.baseDelayMs ?? 200;
  const maxDelayMs = options.maxDelayMs ?? 5000;
  const random = options.random ?? Math.random;
  const origin = safeOrigin(options.baseUrl);
  const counts: Record<ApixRequestOutcome, number> = {
    ok: 0,
    client_error: 0,
    server_error: 0,
    network_error: 0,
  };
  const scrub = (text: string): string =>
    options.token === '' ? text : text.split(options.token).join('[redacted]');

  const httpAgent = new http.Agent({ keepAlive: true });
  const httpsAgent = new https.Agent({ keepAlive: true });
  const client = axios.create({
    baseURL: options.baseUrl,
    timeout: options.timeoutMs,
    headers: { Authorization: `Bearer ${options.token}`, Accept: 'application/json' },
    // A redirect would resend the bearer token somewhere we did not choose.
    maxRedirects: 0,
    // A 2xx whose body is not JSON (a proxy's HTML page, a truncated answer) becomes an
    // ERR_BAD_RESPONSE error instead of a string the caller would take for a contract breach.
    responseType: 'json',
    transitional: { clarifyTimeoutError: true, silentJSONParsing: false },
    // A catalogue read is hundreds of pages in a row: one connection kept open spares a TCP (and
    // TLS) handshake per page. Node 20's global agent keeps alive too, but that is a default of
    // the runtime, not a choice made here.
    httpAgent,
    httpsAgent,
  });

  // Every request API X gets is idempotent (reads, and writes under an Idempotency-Key), so an
  // unreadable success is asked again, like a 5xx.
  const unreadableSuccess = (error: AxiosError): boolean =>
    error.code === 'ERR_BAD_RESPONSE' && (error.response?.status ?? 500) < 300;

  // LOG_LEVEL=trace: one line per attempt (method, path, status, time); never headers or bodies.
  const sentAt = new WeakMap<object, number>();
  client.interceptors.request.use((config) => {
    sentAt.set(config, performance.now());
    return config;
  });
  const trace = (
    config: InternalAxiosRequestConfig | undefined,
    status: number | null,
    code: string | null,
  ): void => {
    const started = config ? sentAt.get(config) : undefined;
    options.logger.trace(
      {
        method: (config?.method ?? 'get').toUpperCase(),
        path: scrub(pathOf(config)),
        status,
        code,
        ms: started === undefined ? null : Math.round(performance.now() - started),
      },
      'API X exchange',
    );
  };

  // Registered before axios-retry so it sees every attempt, not only the last.
  client.interceptors.response.use(
    (response) => {
      counts.ok += 1;
      trace(response.config, response.status, null);
      return response;
    },
    (error: AxiosError) => {
      trace(error.config, error.response?.status ?? null, error.code ?? null);
      if (!isCancel(error)) {
        const status = error.response?.status;
        if (status === undefined) counts.network_error += 1;
        else if (status >= 500 || unreadableSuccess(error)) counts.server_error += 1;
        else counts.client_error += 1;
      }
      return Promise.reject(error);
    },
  );

  const retryAfterOf = (error: AxiosError): number | null =>
    parseRetryAfter(error.response?.headers['retry-after'], Date.now());

  axiosRetry(client, {
    retries: options.maxRetries,
    // Each attempt gets the full timeout; the number of attempts bounds the total.
    shouldResetTimeout: true,
    retryCondition: (error) => {
      if (isCancel(error)) return false;
      const status = error.response?.status;
      if (status === undefined) return !NON_NETWORK_CODES.has(error.code ?? '');
      if (unreadableSuccess(error)) return true;
      if (!isTransientStatus(status)) return false;
      const retryAfter = retryAfterOf(error);
      return retryAfter === null || retryAfter <= maxDelayMs;
    },
    retryDelay: (attempt, error) => {
      // axios-retry counts retries from 1.
      const delay = retryWaitMs(
        attempt - 1,
        retryAfterOf(error),
        { baseMs: baseDelayMs, maxMs: maxDelayMs },
        random,
      );
      options.logger.warn(
        {
          method: error.config?.method?.toUpperCase(),
          path: pathOf(error.config),
          status: error.response?.status ?? null,
          code: error.code ?? null,
          attempt,
          delayMs: delay,
        },
        'API X request failed, retrying',
      );
      return delay;
    },
  });

  // Registered after axios-retry: only what survives the retries is converted.
  client.interceptors.response.use(undefined, (error: unknown) =>
    Promise.reject(toApixHttpError(error)),
  );

  function toApixHttpError(error: unknown): Error {
    if (error instanceof ApixHttpError || error instanceof AbortedError) return error;
    if (!axios.isAxiosError(error)) {
      const message = error instanceof Error ? error.message : String(error);
      return new ApixHttpError(scrub(message), {
        retryable: false,
        status: null,
        hint: null,
        code: null,
        method: '(unknown)',
        path: '(unknown)',
        body: null,
        retryAfterMs: null,
      });
    }
    if (isCancel(error)) return new AbortedError('API X request cancelled');
    const method = (error.config?.method ?? 'get').toUpperCase();
    const path = pathOf(error.config);
    const response = error.response;
    if (response && unreadableSuccess(error)) {
      return new ApixHttpError(
        scrub(`${method} ${path} answered ${response.status} with a body that is not JSON`),
        {
          retryable: true,
          status: null,
          hint: 'API X, or a proxy in front of it, answered something other than JSON; check APIX_BASE_URL and the proxy',
          code: 'not_json',
          method,
          path,
          body: null,
          retryAfterMs: null,
        },
      );
    }
    if (response) {
      const body = parseApixErrorBody(response.data);
      const status = response.status;
      const detail = body ? `: ${describeApixErrorBody(body)}` : '';
      const hint =
        status === 401 || status === 403
          ? 'check APIX_TOKEN (API X refused the credentials)'
          : null;
      return new ApixHttpError(scrub(`${method} ${path} answered ${status}${detail}`), {
        retryable: isTransientStatus(status),
        status,
        hint,
        code: body?.code ?? null,
        method,
        path,
        body,
        retryAfterMs: retryAfterOf(error),
      });
    }
    const code = error.code ?? null;
    const timedOut = code === 'ETIMEDOUT' || code === 'ECONNABORTED';
    const what = timedOut
      ? `timed out after ${options.timeoutMs} ms`
      : `failed without a response (${code ?? error.message})`;
    const retryable = code === null || !NON_NETWORK_CODES.has(code);
    return new ApixHttpError(scrub(`${method} ${path} ${what}`), {
      retryable,
      status: null,
      hint: `check APIX_BASE_URL (${origin}) and that API X is reachable from here`,
      code,
      method,
      path,
      body: null,
      retryAfterMs: null,
    });
  }

  return {
    client,
    limits: { timeoutMs: options.timeoutMs, maxRetries: options.maxRetries, maxDelayMs },
    requestCounts: () => ({ ...counts }),
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
