/**
 * The HTTP side of API X's simulator (docs/api-x.openapi.yaml): which endpoint a request is, its
 * list query and JSON body, and errors as `{code, message, fieldErrors?}`.
 */
import type { IncomingMessage } from 'node:http';
import type { ApixEntity } from './apix-records.js';
import type { ApixEndpoint } from './faults.js';

const MAX_BODY_BYTES = 10 * 1024 * 1024;
export const LIST_ENDPOINTS: Readonly<Record<string, ApixEntity>> = {
  '/v1/categories': 'category',
  '/v1/products': 'product',
  '/v1/prices': 'price',
};

export const STOCK_PATH = '/v1/stock';

export function endpointOf(method: string, path: string): ApixEndpoint | null {
  if (method === 'GET' && path in LIST_ENDPOINTS) return `GET ${path}` as ApixEndpoint;
  if (method === 'GET' && path === '/v1/shipments') return 'GET /v1/shipments';
  if (method === 'GET' && path === STOCK_PATH) return 'GET /v1/stock';
  if (method === 'POST' && path === '/v1/orders') return 'POST /v1/orders';
  if (method === 'PUT' && /^\/v1\/orders\/[^/]+$/.test(path)) return 'PUT /v1/orders/{reference}';
  return null;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export const error = (
  status: number,
  code: string,
  message: string,
  fieldErrors?: { field: string; message: string }[],
): Reply => ({
  status,
  body: fieldErrors ? { code, message, fieldErrors } : { code, message },
});

export async function readJson(
  req: IncomingMessage,
): Promise<{ ok: true; value: unknown } | { ok: false; reply: Reply }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES)
      return { ok: false, reply: error(413, 'payload_too_large', 'request body over 10 MB') };
    chunks.push(buffer);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { ok: false, reply: error(400, 'invalid_json', 'request body is not JSON') };
  }
}

export function listQuery(
  url: URL,
):
  | { ok: true; limit: number; cursor: string | null; updatedSinceMs: number | null }
  | { ok: false; reply: Reply } {
  const problems: { field: string; message: string }[] = [];
  const rawLimit = url.searchParams.get('limit');
  const limit = rawLimit === null ? 100 : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    problems.push({ field: 'limit', message: 'must be an integer from 1 to 1000' });
  const since = url.searchParams.get('updatedSince');
  const updatedSinceMs = since === null ? null : Date.parse(since);
  if (updatedSinceMs !== null && Number.isNaN(updatedSinceMs))
    problems.push({ field: 'updatedSince', message: 'must be an RFC 3339 date-time' });
  if (problems.length > 0)
    return {
      ok: false,
      reply: error(400, 'invalid_parameter', 'invalid query parameters', problems),
    };
  return { ok: true, limit, cursor: url.searchParams.get('cursor'), updatedSinceMs };
}
