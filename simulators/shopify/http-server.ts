import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { MAX_STAGED_BYTES, type BulkRegistry } from './bulk-types.js';
import { STATUS_BODIES, parseFaultRequest, type ShopifyFaults } from './faults.js';
import type { MutableCounters } from './counters.js';
import { parseGraphQLRequest, type GraphQLAnswer, type GraphQLRequest } from './graphql-handler.js';
import { servedVersion } from './schema.js';

export interface HttpServerDeps {
  readonly accessToken: string;
  readonly faults: ShopifyFaults;
  readonly bulk: BulkRegistry;
  readonly counters: MutableCounters;
  readonly graphql: (request: GraphQLRequest, forceThrottle: boolean) => Promise<GraphQLAnswer>;
  /** Extra JSON endpoints under /_sim/ for processes that cannot call the in-process API. */
  readonly inspect: (what: string) => unknown;
}

const GRAPHQL_PATH = /^\/admin\/api\/([^/]+)\/graphql\.json$/;

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type':
      typeof body === 'string' && body.startsWith('<?xml')
        ? 'application/xml; charset=UTF-8'
        : 'application/json; charset=utf-8',
    ...headers,
  });
  res.end(text);
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseJson(buf: Buffer): unknown {
  try {
    return JSON.parse(buf.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

const gcsError = (code: string, message: string): string =>
  `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;

/** The simulator's HTTP surface on 127.0.0.1: GraphQL, staged uploads, bulk results, test controls. */
export async function startHttpServer(
  deps: HttpServerDeps,
  port: number,
  host = '127.0.0.1',
): Promise<{ server: Server; url: string }> {
  async function graphqlRoute(
    req: IncomingMessage,
    res: ServerResponse,
    version: string,
  ): Promise<void> {
    deps.counters.requests++;
    const delay = deps.faults.takeDelay();
    if (delay > 0) await sleep(delay);
    const fault = deps.faults.take();
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = {};
      if (fault.status === 429 || fault.retryAfterSeconds !== undefined)
        headers['retry-after'] = (fault.retryAfterSeconds ?? 2).toFixed(1);
      return send(res, fault.status, { errors: STATUS_BODIES[fault.status] ?? 'Error' }, headers);
    }
    // A request for an unsupported version is answered by the oldest supported stable version,
    // named in X-Shopify-API-Version (shopify.dev/docs/api/usage/versioning; Shopify staff on
    // community.shopify.com/t/164634). servedVersion() follows that.
    const headers = {
      'x-shopify-api-version': servedVersion(version),
      'x-request-id': Math.random().toString(16).slice(2),
    };
    if (req.method !== 'POST') return send(res, 405, { errors: 'Method Not Allowed' }, headers);
    if (req.headers['x-shopify-access-token'] !== deps.accessToken)
      return send(res, 401, { errors: STATUS_BODIES[401] }, headers);
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    const raw = await readBody(req, 10 * 1024 * 1024);
    if (raw === null) return send(res, 413, { errors: 'Request Entity Too Large' }, headers);
    let request: GraphQLRequest | null;
    if (type === 'application/json') request = parseGraphQLRequest(parseJson(raw));
    else if (type === 'application/graphql')
      request = { query: raw.toString('utf8'), variables: {}, operationName: null };
    else
      return send(
        res,
        415,
        { errors: 'Unsupported Media Type: use application/json or application/graphql' },
        headers,
      );
    if (!request)
      return send(
        res,
        400,
        { errors: { query: 'Required parameter missing or invalid' } },
        headers,
      );
    const answer = await deps.graphql(request, fault?.kind === 'throttle');
    if (deps.faults.takeLostAnswer(request.query)) {
      req.socket.destroy();
      return;
    }
    const extra: Record<string, string> = answer.status === 429 ? { 'retry-after': '1.0' } : {};
    if (answer.deprecations?.length)
      // One header line: HTTP header values cannot carry newlines or non-Latin-1 text.
      extra['x-shopify-api-deprecated-reason'] = answer.deprecations
        .join(' ')
        .replace(/[^\x20-\x7e]+/g, ' ');
    send(res, answer.status, answer.body, { ...headers, ...extra });
  }

  // Stands in for Google Cloud Storage's signed POST policy upload.
  async function stagedUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req, MAX_STAGED_BYTES + 64 * 1024);
    if (raw === null)
      return send(
        res,
        400,
        gcsError(
          'EntityTooLarge',
          'Your proposed upload is larger than the maximum object size specified in your Policy Document.',
        ),
      );
    let form: FormData;
    try {
      form = await new Request('http://127.0.0.1/', {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? '' },
        body: raw,
      }).formData();
    } catch {
      return send(res, 400, gcsError('InvalidArgument', 'Expected a multipart/form-data body.'));
    }
    const key = form.get('key');
    const file = form.get('file');
    if (typeof key !== 'string' || file === null)
      return send(res, 400, gcsError('InvalidArgument', 'Missing key or file.'));
    if (form.get('policy') === null || form.get('x-goog-signature') === null)
      return send(res, 403, gcsError('AccessDenied', 'Missing policy or signature.'));
    const content =
      typeof file === 'string' ? Buffer.from(file) : Buffer.from(await file.arrayBuffer());
    if (content.length > MAX_STAGED_BYTES)
      return send(res, 400, gcsError('EntityTooLarge', 'Upload too large.'));
    if (!deps.bulk.storeUpload(key, content))
      return send(res, 403, gcsError('AccessDenied', 'Invalid policy: key was not staged.'));
    const status = form.get('success_action_status') === '201' ? 201 : 204;
    if (status === 204) {
      res.writeHead(204).end();
      return;
    }
    send(
      res,
      201,
      `<?xml version='1.0' encoding='UTF-8'?><PostResponse><Location>${key}</Location><Bucket>shopify-staged-uploads</Bucket><Key>${key}</Key><ETag>"sim"</ETag></PostResponse>`,
    );
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const gql = GRAPHQL_PATH.exec(url.pathname);
    if (gql) return graphqlRoute(req, res, gql[1] ?? '');
    if (url.pathname === '/_staged/upload' && req.method === 'POST') return stagedUpload(req, res);
    const bulk = /^\/_bulk\/(\d+)\.jsonl$/.exec(url.pathname);
    if (bulk && req.method === 'GET') {
      // The storage host's error body for a 429 is not documented; clients read the status and
      // Retry-After only.
      const refusedFor = deps.faults.takeDownloadRefusal(Date.now());
      if (refusedFor !== null)
        return send(
          res,
          429,
          gcsError('TooManyRequests', 'Simulated rate limit on result downloads.'),
          {
            'retry-after': String(refusedFor),
          },
        );
      const file = deps.bulk.resultFile(Number(bulk[1]));
      if (file === undefined)
        return send(res, 404, gcsError('NoSuchKey', 'The specified key does not exist.'));
      res.writeHead(200, {
        'content-type': 'application/jsonl',
        'content-length': Buffer.byteLength(file),
      });
      res.end(file);
      return;
    }
    if (url.pathname === '/_sim/faults' && req.method === 'POST') {
      const fault = parseFaultRequest(
        parseJson((await readBody(req, 1024 * 1024)) ?? Buffer.alloc(0)),
      );
      if (!fault)
        return send(res, 400, {
          error:
            'expected {kind: status|drop|throttle|latency|bulk-fail|lose-answer|download-throttle|clear, ...}',
        });
      deps.faults.inject(fault);
      return send(res, 200, { ok: true });
    }
    const sim = /^\/_sim\/([a-z-]+)$/.exec(url.pathname);
    if (sim && req.method === 'GET') {
      const data = deps.inspect(sim[1] ?? '');
      return data === undefined ? send(res, 404, { error: 'unknown' }) : send(res, 200, data);
    }
    if (sim && sim[1] === 'reset-counters' && req.method === 'POST') {
      deps.inspect('reset-counters');
      return send(res, 200, { ok: true });
    }
    send(res, 404, { errors: 'Not Found' });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      if (!res.headersSent)
        send(res, 500, { errors: 'Internal Server Error', simulator: String(e) });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${address.port}` };
}
