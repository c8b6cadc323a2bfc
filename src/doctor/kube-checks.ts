import type { CoordinationApi } from '../adapters/lock/lease-lock.js';
import { leaseNameFor } from '../adapters/lock/lease-name.js';
import { lockName } from '../domain/lock-name.js';
import { readLeaseHolders } from '../adapters/lock/lease-holders.js';
import type { JobName } from '../domain/model/sync-run.js';
import { check, type Check } from './check.js';

const JOBS: readonly JobName[] = ['sync-to-shopify', 'sync-orders'];

/** "May I <verb> this Lease?" as the API server answers a SelfSubjectAccessReview. */
export type CanI = (
  verb: 'get' | 'create' | 'update',
  name: string | null,
  namespace: string,
) => Promise<{ allowed: boolean; reason: string | null }>;

export interface KubeDoctorDeps {
  readonly namespace: string;
  readonly namespaceSource: string;
  readonly shop: string;
  readonly canI: CanI;
  readonly leases: Pick<CoordinationApi, 'readNamespacedLease'>;
  readonly now?: () => Date;
}

/**
 * The lock's needs, asked without touching a Lease: SelfSubjectAccessReviews (authorization.k8s.io/v1;
 * creating one stores nothing, and every authenticated user may, through the default
 * `system:basic-user` ClusterRole) for get and update on each Lease by name and create in the
 * namespace (create cannot be limited by name), then a read of who holds each lock now.
 */
export async function kubeChecks(deps: KubeDoctorDeps): Promise<Check[]> {
  const out: Check[] = [
    check(
      'kubernetes',
      'namespace',
      'ok',
      `Leases live in namespace ${deps.namespace} (${deps.namespaceSource})`,
    ),
  ];
  const asks: { verb: 'get' | 'create' | 'update'; name: string | null }[] = [
    ...JOBS.flatMap((job) => {
      const name = leaseNameFor(lockName(job, deps.shop));
      return [
        { verb: 'get' as const, name },
        { verb: 'update' as const, name },
      ];
    }),
    { verb: 'create', name: null },
  ];
  let answers;
  try {
    answers = await Promise.all(
      asks.map(async (a) => ({ ...a, ...(await deps.canI(a.verb, a.name, deps.namespace)) })),
    );
  } catch (error) {
    out.push(
      check(
        'kubernetes',
        'lease-rbac',
        'fail',
        `cannot ask the API server (SelfSubjectAccessReview): ${(error as Error).message}`,
        'check that the pod mounts its service-account token (automountServiceAccountToken: true)',
      ),
    );
    return out;
  }
  const denied = answers.filter((a) => !a.allowed);
  out.push(
    denied.length === 0
      ? check(
          'kubernetes',
          'lease-rbac',
          'ok',
          `the service account may get, update and create the Leases ${JOBS.map((j) => leaseNameFor(lockName(j, deps.shop))).join(', ')}`,
        )
      : check(
          'kubernetes',
          'lease-rbac',
          'fail',
          `Lease forbidden: the service account may not ${denied
            .map((a) => `${a.verb} ${a.name ? `lease ${a.name}` : 'leases'}`)
            .join(', ')} in namespace ${deps.namespace}; every run would fail to take its lock`,
          'install with rbac.create=true (the chart makes the Role), or grant get/update on those Lease names and create on leases (coordination.k8s.io) to this service account',
        ),
  );
  if (answers.some((a) => a.verb === 'get' && !a.allowed)) return out;
  try {
    const holders = await readLeaseHolders(
      deps.leases,
      deps.namespace,
      JOBS.map((job) => ({ job, shop: deps.shop })),
      deps.now?.(),
    );
    out.push(
      check(
        'kubernetes',
        'lock-holders',
        'ok',
        holders.length === 0
          ? 'no job holds a lock now'
          : holders
              .map((h) => `${h.job} is running in ${h.holder} since ${h.since ?? '?'}`)
              .join('; '),
      ),
    );
  } catch (error) {
    out.push(
      check(
        'kubernetes',
        'lock-holders',
        'warn',
        `cannot read the Leases: ${(error as Error).message}`,
        `see: kubectl get leases -n ${deps.namespace}`,
      ),
    );
  }
  return out;
}
