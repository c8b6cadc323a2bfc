import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { accessReview } from './access-review.js';
import { parseBody, send } from './kube-status.js';
import { createLeaseStore, type StoredLease } from './lease-store.js';
import { selfSignedCertificate } from './self-signed-cert.js';

export type { StoredLease } from './lease-store.js';

/**
 * A fake kube-apiserver for `coordination.k8s.io/v1` Leases, faithful where our lock depends on
 * it: every object carries a resourceVersion; create of an existing name → 409 AlreadyExists;
 * replace with a stale resourceVersion → 409 Conflict; replace without one → 422 Invalid (Lease
 * forbids unconditional update); missing → 404 NotFound; MicroTime fields with anything but six
 * fractional digits → 400 BadRequest; no or wrong bearer token → 401; RBAC denial → 403 naming
 * verb and resource like the real server. Every error is a `Status` object. SelfSubjectAccessReviews
 * answer from the same `deny` switches, storing nothing.
 */
export interface KubeApiServer {
  /** Base URL, e.g. `https://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  /** PEM of the self-signed certificate (https only), and a file holding it. */
  readonly caPem: string | null;
  readonly caFile: string | null;
  /** A copy of the stored lease, or null. */
  lease(namespace: string, name: string): StoredLease | null;
  /** Writes a lease directly (another holder taking over, an expired lease); bumps resourceVersion. */
  putLease(namespace: string, name: string, spec: Record<string, unknown>): StoredLease;
  deleteLease(namespace: string, name: string): void;
  /** The next `count` requests answer `status` (500 by default) or, with 'reset', drop the socket. */
  failNext(count: number, failure?: number | 'reset'): void;
  /** Refuse a verb (get, create, update, delete, list) on leases with 403, or allow it again. */
  deny(verb: string, denied?: boolean): void;
  /** Every request seen, in order (method and path). */
  readonly requests: readonly { readonly method: string; readonly path: string }[];
  close(): Promise<void>;
}

export interface KubeApiServerOptions {
  /** Bearer token every request must carry. */
  readonly token: string;
  /** Serve https with a fresh self-signed certificate for 127.0.0.1 (made with the openssl CLI). */
  readonly tls?: boolean;
  /** The user named in 403 messages. */
  readonly user?: string;
}

const LEASE_PATH =
  /^\/apis\/coordination\.k8s\.io\/v1\/namespaces\/([^/]+)\/leases(?:\/([^/]+))?\/?$/;
const SSAR_PATH = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

export async function startKubeApiServer(options: KubeApiServerOptions): Promise<KubeApiServer> {
  const requests: { method: string; path: string }[] = [];
  const denied = new Set<string>();
  const user = options.user ?? 'system:serviceaccount:default:integration-service';
  const leases = createLeaseStore(denied, user);
  let failures: { remaining: number; failure: number | 'reset' } = { remaining: 0, failure: 500 };

  const listener = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    requests.push({ method, path: url.pathname });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (failures.remaining > 0) {
      failures.remaining -= 1;
      if (failures.failure === 'reset') {
        req.socket.destroy();
        return;
      }
      return send(res, {
        status: failures.failure,
        reason: 'InternalError',
        message: 'Internal error occurred: injected failure',
      });
    }
    if (req.headers.authorization !== `Bearer ${options.token}`) {
      return send(res, { status: 401, reason: 'Unauthorized', message: 'Unauthorized' });
    }
    if (url.pathname === SSAR_PATH) {
      if (method !== 'POST')
        return send(res, {
          status: 405,
          reason: 'MethodNotAllowed',
          message: 'the server does not allow this method on the requested resource',
        });
      return send(res, accessReview(parseBody(chunks), denied, user));
    }
    const match = LEASE_PATH.exec(url.pathname);
    if (!match?.[1])
      return send(res, {
        status: 404,
        reason: 'NotFound',
        message: 'the server could not find the requested resource',
      });
    let body: unknown = undefined;
    if (chunks.length > 0) {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch (error) {
        return send(res, {
          status: 400,
          reason: 'BadRequest',
          message: `invalid JSON: ${String(error)}`,
        });
      }
    }
    send(
      res,
      leases.handle(
        method,
        decodeURIComponent(match[1]),
        match[2] === undefined ? undefined : decodeURIComponent(match[2]),
        body,
      ),
    );
  };

  let server: http.Server | https.Server;
  let caPem: string | null = null;
  let caFile: string | null = null;
  let certDir: string | null = null;
  if (options.tls) {
    const cert = selfSignedCertificate();
    ({ certDir, caPem, caFile } = cert);
    server = https.createServer(
      { key: cert.key, cert: cert.caPem },
      (req, res) => void listener(req, res),
    );
  } else {
    server = http.createServer((req, res) => void listener(req, res));
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    caPem,
    caFile,
    requests,
    lease: (ns, name) => {
      const lease = leases.get(ns, name);
      return lease ? structuredClone(lease) : null;
    },
    putLease: (ns, name, spec) => leases.put(ns, name, spec),
    deleteLease: (ns, name) => leases.delete(ns, name),
    failNext: (count, failure = 500) => {
      failures = { remaining: count, failure };
    },
    deny: (verb, isDenied = true) => void (isDenied ? denied.add(verb) : denied.delete(verb)),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (certDir) rmSync(certDir, { recursive: true, force: true });
    },
  };
}
