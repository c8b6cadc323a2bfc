import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

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

export interface StoredLease {
  readonly apiVersion: 'coordination.k8s.io/v1';
  readonly kind: 'Lease';
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly resourceVersion: string;
    readonly uid: string;
    readonly creationTimestamp: string;
  };
  readonly spec: Record<string, unknown>;
}

export interface KubeApiServerOptions {
  /** Bearer token every request must carry. */
  readonly token: string;
  /** Serve https with a fresh self-signed certificate for 127.0.0.1 (made with the openssl CLI). */
  readonly tls?: boolean;
  /** The user named in 403 messages. */
  readonly user?: string;
}

const GROUP = 'coordination.k8s.io';
const RESOURCE = `leases.${GROUP}`;
const LEASE_PATH =
  /^\/apis\/coordination\.k8s\.io\/v1\/namespaces\/([^/]+)\/leases(?:\/([^/]+))?\/?$/;
const SSAR_PATH = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
const MICRO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}(Z|[+-]\d{2}:\d{2})$/;

interface Failure {
  status: number;
  reason: string;
  message: string;
  details?: Record<string, unknown>;
}

export async function startKubeApiServer(options: KubeApiServerOptions): Promise<KubeApiServer> {
  const leases = new Map<string, StoredLease>();
  const requests: { method: string; path: string }[] = [];
  const denied = new Set<string>();
  const user = options.user ?? 'system:serviceaccount:default:integration-service';
  let resourceVersion = 1000;
  let failures: { remaining: number; failure: number | 'reset' } = { remaining: 0, failure: 500 };

  const key = (ns: string, name: string) => `${ns}/${name}`;
  const nextVersion = () => String(++resourceVersion);

  function store(
    ns: string,
    name: string,
    spec: Record<string, unknown>,
    previous: StoredLease | undefined,
  ): StoredLease {
    const lease: StoredLease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name,
        namespace: ns,
        resourceVersion: nextVersion(),
        uid: previous?.metadata.uid ?? randomUUID(),
        creationTimestamp:
          previous?.metadata.creationTimestamp ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      },
      spec: structuredClone(spec),
    };
    leases.set(key(ns, name), lease);
    return lease;
  }

  function handle(
    method: string,
    ns: string,
    name: string | undefined,
    body: unknown,
  ): { status: number; body: unknown } | Failure {
    const verb =
      method === 'GET'
        ? name
          ? 'get'
          : 'list'
        : method === 'POST'
          ? 'create'
          : method === 'PUT'
            ? 'update'
            : method === 'DELETE'
              ? 'delete'
              : null;
    if (!verb || (verb === 'create' && name) || (verb !== 'create' && verb !== 'list' && !name)) {
      return {
        status: 405,
        reason: 'MethodNotAllowed',
        message: `the server does not allow this method on the requested resource`,
      };
    }
    if (denied.has(verb)) {
      const subject = verb === 'create' || verb === 'list' ? RESOURCE : `${RESOURCE} "${name}"`;
      return {
        status: 403,
        reason: 'Forbidden',
        message: `${subject} is forbidden: User "${user}" cannot ${verb} resource "leases" in API group "${GROUP}" in the namespace "${ns}"`,
        details: { ...(name ? { name } : {}), group: GROUP, kind: 'leases' },
      };
    }
    const existing = name ? leases.get(key(ns, name)) : undefined;
    const notFound = (n: string): Failure => ({
      status: 404,
      reason: 'NotFound',
      message: `${RESOURCE} "${n}" not found`,
      details: { name: n, group: GROUP, kind: 'leases' },
    });
    switch (verb) {
      case 'list':
        return {
          status: 200,
          body: {
            apiVersion: 'coordination.k8s.io/v1',
            kind: 'LeaseList',
            metadata: { resourceVersion: String(resourceVersion) },
            items: [...leases.values()].filter((l) => l.metadata.namespace === ns),
          },
        };
      case 'get':
        return existing ? { status: 200, body: existing } : notFound(name ?? '');
      case 'delete':
        if (!existing) return notFound(name ?? '');
        leases.delete(key(ns, name ?? ''));
        return {
          status: 200,
          body: {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Success',
            details: { name, group: GROUP, kind: 'leases', uid: existing.metadata.uid },
          },
        };
    }
    const parsed = parseLease(body, ns);
    if ('status' in parsed) return parsed;
    if (verb === 'create') {
      if (!parsed.name)
        return invalid('', 'metadata.name', 'Required value: name or generateName is required');
      if (leases.has(key(ns, parsed.name))) {
        return {
          status: 409,
          reason: 'AlreadyExists',
          message: `${RESOURCE} "${parsed.name}" already exists`,
          details: { name: parsed.name, group: GROUP, kind: 'leases' },
        };
      }
      return { status: 201, body: store(ns, parsed.name, parsed.spec, undefined) };
    }
    // update
    const target = name ?? '';
    if (parsed.name !== target) {
      return {
        status: 400,
        reason: 'BadRequest',
        message: `the name of the object (${parsed.name}) does not match the name on the URL (${target})`,
      };
    }
    if (!existing) return notFound(target);
    if (!parsed.resourceVersion) {
      return invalid(
        target,
        'metadata.resourceVersion',
        'Invalid value: 0x0: must be specified for an update',
      );
    }
    if (parsed.resourceVersion !== existing.metadata.resourceVersion) {
      return {
        status: 409,
        reason: 'Conflict',
        message: `Operation cannot be fulfilled on ${RESOURCE} "${target}": the object has been modified; please apply your changes to the latest version and try again`,
        details: { name: target, group: GROUP, kind: 'leases' },
      };
    }
    return { status: 200, body: store(ns, target, parsed.spec, existing) };
  }

  function invalid(name: string, field: string, problem: string): Failure {
    return {
      status: 422,
      reason: 'Invalid',
      message: `Lease.${GROUP} "${name}" is invalid: ${field}: ${problem}`,
      details: {
        name,
        group: GROUP,
        kind: 'Lease',
        causes: [{ reason: 'FieldValueInvalid', message: problem, field }],
      },
    };
  }

  /**
   * SelfSubjectAccessReview (authorization.k8s.io/v1): answers whether the caller may do
   * `spec.resourceAttributes` and stores nothing. The real server answers 201 with the review
   * and its `status` (`allowed`, and `denied`/`reason` when refused). Here leases in our group
   * are allowed unless `deny(verb)` was called; anything else is not (this fake grants nothing
   * else). A spec without resourceAttributes is 422 like the real validation.
   */
  function accessReview(body: unknown): { status: number; body: unknown } | Failure {
    const spec = (body as { spec?: { resourceAttributes?: Record<string, unknown> } } | null)?.spec;
    const attrs = spec?.resourceAttributes;
    if (!attrs)
      return {
        status: 422,
        reason: 'Invalid',
        message:
          'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
      };
    const verb = typeof attrs['verb'] === 'string' ? attrs['verb'] : '';
    const ours = attrs['group'] === GROUP && attrs['resource'] === 'leases';
    const allowed = ours && !denied.has(verb);
    return {
      status: 201,
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        metadata: { creationTimestamp: null },
        spec,
        status: allowed
          ? { allowed: true, reason: `RBAC: allowed by RoleBinding for User "${user}"` }
          : { allowed: false, reason: '' },
      },
    };
  }

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
      return send(res, accessReview(parseBody(chunks)));
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
      handle(
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
    certDir = mkdtempSync(path.join(os.tmpdir(), 'kube-api-cert-'));
    const keyFile = path.join(certDir, 'tls.key');
    caFile = path.join(certDir, 'ca.crt');
    // prettier-ignore
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', keyFile, '-out', caFile, '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ], { stdio: 'ignore' });
    caPem = readFileSync(caFile, 'utf8');
    server = https.createServer(
      { key: readFileSync(keyFile), cert: caPem },
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
      const lease = leases.get(key(ns, name));
      return lease ? structuredClone(lease) : null;
    },
    putLease: (ns, name, spec) => store(ns, name, spec, leases.get(key(ns, name))),
    deleteLease: (ns, name) => void leases.delete(key(ns, name)),
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

function parseLease(
  body: unknown,
  ns: string,
): { name: string; resourceVersion: string | null; spec: Record<string, unknown> } | Failure {
  const bad = (message: string): Failure => ({
    status: 400,
    reason: 'BadRequest',
    message: `Lease in version "v1" cannot be handled as a Lease: ${message}`,
  });
  if (body === null || typeof body !== 'object') return bad('the body is not an object');
  const b = body as { kind?: unknown; metadata?: Record<string, unknown>; spec?: unknown };
  if (b.kind !== undefined && b.kind !== 'Lease')
    return bad(`kind ${JSON.stringify(b.kind)} is not Lease`);
  const metadata = b.metadata ?? {};
  if (metadata['namespace'] !== undefined && metadata['namespace'] !== ns) {
    return {
      status: 400,
      reason: 'BadRequest',
      message:
        'the namespace of the provided object does not match the namespace sent on the request',
    };
  }
  const spec = (b.spec ?? {}) as Record<string, unknown>;
  for (const field of ['acquireTime', 'renewTime']) {
    const value = spec[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || !MICRO_TIME.test(value)) {
      return bad(
        `parsing time ${JSON.stringify(value)} as "2006-01-02T15:04:05.000000Z07:00": cannot parse as MicroTime (field spec.${field})`,
      );
    }
  }
  for (const field of ['leaseDurationSeconds', 'leaseTransitions']) {
    const value = spec[field];
    if (value !== undefined && value !== null && !Number.isInteger(value))
      return bad(`spec.${field}: expected an integer`);
  }
  const rv = metadata['resourceVersion'];
  return {
    name: typeof metadata['name'] === 'string' ? metadata['name'] : '',
    resourceVersion: typeof rv === 'string' && rv !== '' ? rv : null,
    spec,
  };
}

function parseBody(chunks: readonly Buffer[]): unknown {
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return null;
  }
}

function send(res: http.ServerResponse, result: { status: number; body: unknown } | Failure): void {
  const body =
    'reason' in result
      ? {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: result.message,
          reason: result.reason,
          ...(result.details ? { details: result.details } : {}),
          code: result.status,
        }
      : result.body;
  res.writeHead(result.status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
