import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApixEntity } from './apix-records.js';
import {
  endpointOf,
  error,
  LIST_ENDPOINTS,
  listQuery,
  readJson,
  STOCK_PATH,
  type Reply,
} from './apix-http.js';
import { type ApixEndpoint, createFaults, type Faults } from './faults.js';
import { createOrderStore, type OrderStore } from './order-store.js';
import { createShipmentBook, type ShipmentBook } from './shipments.js';
import { InvalidCursorError } from './catalog-paging.js';
import { createSimulatedCatalog, type SimulatedCatalog } from './simulated-catalog.js';
import { createSimulatedStock, type SimulatedStock } from './stock.js';

export interface ApixSimulatorOptions {
  readonly seed?: number;
  readonly products?: number;
  /** A fixed count, or [min, max] chosen per product from the seed. */
  readonly variantsPerProduct?: number | readonly [number, number];
  readonly categories?: number;
  /** Added to every response. */
  readonly latencyMs?: number;
  readonly token?: string;
  readonly currency?: string;
  /** API X's warehouse ids; every variant has a stock level in each. Default WH-1, WH-2. */
  readonly warehouses?: readonly string[];
  /** 0 (default): a free port. */
  readonly port?: number;
  /** Default 127.0.0.1; tests never bind anything else. */
  readonly host?: string;
}

export interface EndpointCounter {
  requests: number;
  /** Responses by status; "reset" for connections destroyed by a fault. */
  responses: Record<string, number>;
}

export interface ApixSimulator {
  readonly url: string;
  readonly token: string;
  readonly catalog: SimulatedCatalog;
  readonly stock: SimulatedStock;
  readonly orders: OrderStore;
  /** The warehouses' shipments of received orders (GET /v1/shipments). */
  readonly shipments: ShipmentBook;
  readonly faults: Faults;
  /** Per endpoint ("GET /v1/products", ..., "other" for unknown routes). */
  counters(): Readonly<Record<string, EndpointCounter>>;
  /** Total requests to one endpoint (0 if none). */
  requests(endpoint: ApixEndpoint): number;
  resetCounters(): void;
  close(): Promise<void>;
}

export const APIX_SIMULATOR_DEFAULTS = {
  seed: 1,
  products: 1000,
  variantsPerProduct: 3,
  categories: 50,
  latencyMs: 0,
  token: 'apix-simulator-token',
  currency: 'EUR',
  warehouses: ['WH-1', 'WH-2'],
} as const;

/**
 * Starts API X's simulator: the contract of docs/api-x.openapi.yaml over a generated catalogue,
 * with an idempotent order intake and switchable faults. Binds 127.0.0.1 on a free port unless
 * told otherwise.
 */
export async function startApixSimulator(
  options: ApixSimulatorOptions = {},
): Promise<ApixSimulator> {
  const o = { ...APIX_SIMULATOR_DEFAULTS, ...options };
  const catalog = createSimulatedCatalog({
    seed: o.seed,
    products: o.products,
    variantsPerProduct: o.variantsPerProduct,
    categories: o.categories,
    currency: o.currency,
  });
  const stock = createSimulatedStock({ seed: o.seed, catalog, warehouses: o.warehouses });
  const orders = createOrderStore();
  const shipments = createShipmentBook(orders);
  const faults = createFaults(o.seed);
  let counters: Record<string, EndpointCounter> = {};

  const count = (key: string, outcome: string) => {
    const c = (counters[key] ??= { requests: 0, responses: {} });
    c.requests += 1;
    c.responses[outcome] = (c.responses[outcome] ?? 0) + 1;
  };

  async function route(
    req: IncomingMessage,
    url: URL,
    endpoint: ApixEndpoint | null,
  ): Promise<Reply> {
    if (req.headers.authorization !== `Bearer ${o.token}`) {
      return error(401, 'unauthorized', 'missing or invalid bearer token');
    }
    if (endpoint === null) {
      const known =
        url.pathname in LIST_ENDPOINTS ||
        url.pathname.startsWith('/v1/orders') ||
        url.pathname === '/v1/shipments' ||
        url.pathname === STOCK_PATH;
      return known
        ? error(405, 'method_not_allowed', `${req.method} is not allowed here`)
        : error(404, 'not_found', 'no such endpoint');
    }
    if (req.method === 'GET') {
      const q = listQuery(url);
      if (!q.ok) return q.reply;
      try {
        if (endpoint === 'GET /v1/shipments') return { status: 200, body: shipments.page(q) };
        if (url.pathname === STOCK_PATH) return { status: 200, body: stock.page(q) };
        const entity = LIST_ENDPOINTS[url.pathname] as ApixEntity;
        return { status: 200, body: catalog.page(entity, q) };
      } catch (e) {
        if (e instanceof InvalidCursorError)
          return error(400, 'invalid_cursor', e.message, [{ field: 'cursor', message: e.message }]);
        throw e;
      }
    }
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || key.trim() === '' || key.length > 255) {
      return error(
        400,
        'idempotency_key_required',
        'send an Idempotency-Key header of 1 to 255 characters',
        [{ field: 'Idempotency-Key', message: 'is required' }],
      );
    }
    const body = await readJson(req);
    if (!body.ok) return body.reply;
    const result =
      endpoint === 'POST /v1/orders'
        ? orders.create(key, body.value)
        : orders.update(
            decodeURIComponent(url.pathname.slice('/v1/orders/'.length)),
            key,
            body.value,
          );
    return {
      status: result.status,
      body: result.body,
      headers: result.replayed ? { 'Idempotent-Replayed': 'true' } : {},
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const endpoint = endpointOf(req.method ?? 'GET', url.pathname);
    const key = endpoint ?? 'other';
    const delay = o.latencyMs + faults.latencyMs();
    if (delay > 0) await sleep(delay);
    const fault = faults.decide(endpoint);
    if (fault?.kind === 'reset') {
      count(key, 'reset');
      req.socket.destroy();
      return;
    }
    let reply: Reply;
    if (fault?.kind === 'status') {
      reply = error(
        fault.status,
        fault.status === 429 ? 'rate_limited' : 'unavailable',
        'injected fault',
      );
      if (fault.retryAfter !== null) reply.headers = { 'Retry-After': fault.retryAfter };
    } else if (fault?.kind === 'slow') {
      await sleep(fault.ms);
      reply = await route(req, url, endpoint);
    } else if (fault?.kind === 'garbage') {
      count(key, '200');
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(fault.body);
      return;
    } else {
      reply = await route(req, url, endpoint);
    }
    count(key, String(reply.status));
    res.writeHead(reply.status, {
      'Content-Type': 'application/json; charset=utf-8',
      ...reply.headers,
    });
    res.end(JSON.stringify(reply.body));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      // A simulator bug must show up as a 500 in the test, not as a hung request.
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          code: 'simulator_error',
          message: e instanceof Error ? e.message : String(e),
        }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;

  return {
    url: `http://${address.address}:${address.port}`,
    token: o.token,
    catalog,
    stock,
    orders,
    shipments,
    faults,
    counters: () => structuredClone(counters),
    requests: (endpoint) => counters[endpoint]?.requests ?? 0,
    resetCounters: () => (counters = {}),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        // Keep-alive sockets would hold close() open until they time out.
        server.closeAllConnections();
      }),
  };
}

/** For the simulators' CLI: a fixed port (and host), defaults for everything else. */
export function startApixSimulatorOnPort(
  port: number,
  options: Omit<ApixSimulatorOptions, 'port'> = {},
): Promise<ApixSimulator> {
  return startApixSimulator({ ...options, port });
}
