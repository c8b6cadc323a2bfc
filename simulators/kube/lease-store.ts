/**
 * The Lease objects of the fake kube-apiserver and the verbs on them (get, list, create, update,
 * delete), answered as the real server answers (see kube-api-server.ts for the rules).
 */
import { randomUUID } from 'node:crypto';
import { GROUP, invalid, RESOURCE, type Answer, type Failure } from './kube-status.js';

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

const MICRO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}(Z|[+-]\d{2}:\d{2})$/;

export interface LeaseStore {
  /** Answers one request on leases (`name` undefined: the collection). */
  handle(method: string, ns: string, name: string | undefined, body: unknown): Answer;
  get(ns: string, name: string): StoredLease | undefined;
  /** Writes a lease as given, bumping the resourceVersion (keeps uid and creation time). */
  put(ns: string, name: string, spec: Record<string, unknown>): StoredLease;
  delete(ns: string, name: string): void;
}

/** `denied` and `user`: the RBAC switches and the user named in 403 messages. */
export function createLeaseStore(denied: ReadonlySet<string>, user: string): LeaseStore {
  const leases = new Map<string, StoredLease>();
  let resourceVersion = 1000;

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

  function handle(method: string, ns: string, name: string | undefined, body: unknown): Answer {
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

  return {
    handle,
    get: (ns, name) => leases.get(key(ns, name)),
    put: (ns, name, spec) => store(ns, name, spec, leases.get(key(ns, name))),
    delete: (ns, name) => void leases.delete(key(ns, name)),
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
