import { performance } from 'node:perf_hooks';
import { V1MicroTime, type V1Lease } from '@kubernetes/client-node';
import type { HeldLock, Lock, LockAttempt } from '../../domain/ports/lock.js';
import type { Logger } from '../../domain/ports/logger.js';
import { describeKubeError, statusCode, toUpstreamError } from './kube-api-errors.js';
import { isExpired, sinceOf, toDate } from './lease-times.js';
import { leaseNameFor } from './lease-name.js';

/**
 * The three calls of client-node's `CoordinationV1Api` the lock needs (the real class satisfies
 * it; `createKubeCoordinationApi` builds one). Failures throw client-node's `ApiException`
 * (`code`, `body` = the Status JSON text).
 */
export interface CoordinationApi {
  readNamespacedLease(request: { name: string; namespace: string }): Promise<V1Lease>;
  createNamespacedLease(request: { namespace: string; body: V1Lease }): Promise<V1Lease>;
  replaceNamespacedLease(request: {
    name: string;
    namespace: string;
    body: V1Lease;
  }): Promise<V1Lease>;
}

export interface LeaseLockOptions {
  readonly coordination: CoordinationApi;
  readonly namespace: string;
  /** Who we are in `holderIdentity`, e.g. the pod name; losers report it. Must be unique per process. */
  readonly identity: string;
  /** How long a lease stays valid without renewal (whole seconds, default 60). */
  readonly leaseDurationSeconds?: number;
  /** Default: a third of the duration, as client-go does. */
  readonly renewEverySeconds?: number;
  readonly logger: Logger;
  /** Clock for the times written into and compared with leases (tests). */
  readonly now?: () => Date;
}

/**
 * A lock on a `coordination.k8s.io/v1` Lease, with client-go's leader-election algorithm: read; if
 * absent create; if another holder renewed it within its duration it is held; otherwise replace it
 * with our identity, conditional on the resourceVersion we read. Any 409 means another process
 * won. While held it is renewed every third of the duration; when renewal keeps failing for two
 * thirds of the duration (so before another process may take it over), or another holder appears,
 * `lost` aborts. Release writes an empty holder with a one-second duration.
 *
 * Expiry compares the holder's renewTime with our clock, so clocks skewed by more than the lease
 * duration could let two holders overlap; cluster nodes run NTP, and durations are a minute.
 */
export function createLeaseLock(options: LeaseLockOptions): Lock {
  const { coordination: api, namespace, identity, logger } = options;
  const durationSeconds = options.leaseDurationSeconds ?? 60;
  if (!Number.isInteger(durationSeconds) || durationSeconds < 1)
    throw new Error('leaseDurationSeconds must be a whole number >= 1');
  const renewEveryMs = (options.renewEverySeconds ?? durationSeconds / 3) * 1000;
  // Give up while the lease is still ours, leaving the rest of its duration for the run to stop.
  const renewDeadlineMs = (durationSeconds * 1000 * 2) / 3;
  if (!(renewEveryMs > 0 && renewEveryMs < renewDeadlineMs)) {
    throw new Error(
      'renewEverySeconds must be above 0 and below two thirds of leaseDurationSeconds',
    );
  }
  const retryMs = Math.max(50, renewEveryMs / 4);
  const clock = options.now ?? (() => new Date());

  function leaseBody(
    name: string,
    spec: { acquireTime: Date; transitions: number; holder?: string; duration?: number },
    resourceVersion?: string,
  ): V1Lease {
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name, namespace, ...(resourceVersion === undefined ? {} : { resourceVersion }) },
      spec: {
        holderIdentity: spec.holder ?? identity,
        leaseDurationSeconds: spec.duration ?? durationSeconds,
        acquireTime: new V1MicroTime(spec.acquireTime.getTime()),
        renewTime: new V1MicroTime(clock().getTime()),
        leaseTransitions: spec.transitions,
      },
    };
  }

  async function read(name: string): Promise<V1Lease | null> {
    try {
      return await api.readNamespacedLease({ name, namespace });
    } catch (error) {
      if (statusCode(error) === 404) return null;
      throw toUpstreamError(error, 'get', namespace, name);
    }
  }

  async function notAcquired(name: string): Promise<LockAttempt> {
    const current = await read(name);
    const holder = current?.spec?.holderIdentity;
    return {
      acquired: false,
      holder: holder ? holder : 'unknown (another process won the race)',
      since: sinceOf(current),
    };
  }

  async function tryAcquire(lockName: string): Promise<LockAttempt> {
    const name = leaseNameFor(lockName);
    const current = await read(name);
    const now = clock();
    let written: V1Lease;
    try {
      if (!current) {
        written = await api.createNamespacedLease({
          namespace,
          body: leaseBody(name, { acquireTime: now, transitions: 0 }),
        });
      } else {
        const spec = current.spec ?? {};
        const holder = spec.holderIdentity ?? '';
        if (holder !== '' && holder !== identity && !isExpired(current, now)) {
          return { acquired: false, holder, since: sinceOf(current) };
        }
        const transitions = (spec.leaseTransitions ?? 0) + (holder === identity ? 0 : 1);
        written = await api.replaceNamespacedLease({
          name,
          namespace,
          body: leaseBody(
            name,
            { acquireTime: now, transitions },
            current.metadata?.resourceVersion,
          ),
        });
      }
    } catch (error) {
      if (statusCode(error) === 409) return notAcquired(name);
      throw toUpstreamError(error, current ? 'update' : 'create', namespace, name);
    }
    logger.info({ lease: name, namespace, identity, durationSeconds }, 'lease acquired');
    return { acquired: true, held: hold(name, written) };
  }

  function hold(name: string, acquired: V1Lease): HeldLock {
    const controller = new AbortController();
    const acquireTime = toDate(acquired.spec?.acquireTime) ?? clock();
    const transitions = acquired.spec?.leaseTransitions ?? 0;
    let resourceVersion = acquired.metadata?.resourceVersion;
    let lastRenewed = performance.now();
    let timer: NodeJS.Timeout | undefined;
    let inFlight: Promise<void> = Promise.resolve();
    let released = false;

    const lose = (reason: string, error?: unknown) => {
      if (controller.signal.aborted) return;
      clearTimeout(timer);
      logger.error({ lease: name, namespace, identity, err: error }, `lease lost: ${reason}`);
      controller.abort(new Error(`lock ${name} lost: ${reason}`));
    };
    const schedule = (ms: number) => {
      timer = setTimeout(() => {
        inFlight = renew();
      }, ms);
      // A forgotten release must not keep the process alive; the lease then simply expires.
      timer.unref();
    };

    async function renew(): Promise<void> {
      if (released || controller.signal.aborted) return;
      try {
        const current = await api.readNamespacedLease({ name, namespace });
        const holder = current.spec?.holderIdentity ?? '';
        if (holder !== identity)
          return lose(`taken over by ${holder || 'nobody (emptied by someone else)'}`);
        if (released) return;
        const renewed = await api.replaceNamespacedLease({
          name,
          namespace,
          body: leaseBody(name, { acquireTime, transitions }, current.metadata?.resourceVersion),
        });
        resourceVersion = renewed.metadata?.resourceVersion;
        lastRenewed = performance.now();
        schedule(renewEveryMs);
      } catch (error) {
        if (released) return;
        const code = statusCode(error);
        if (code === 404) return lose('the lease was deleted', error);
        if (code === 401 || code === 403)
          return lose(toUpstreamError(error, 'update', namespace, name).message, error);
        const sinceRenewal = performance.now() - lastRenewed;
        if (sinceRenewal + retryMs >= renewDeadlineMs) {
          return lose(
            `could not renew for ${(sinceRenewal / 1000).toFixed(1)}s (${describeKubeError(error)})`,
            error,
          );
        }
        // 409 (someone wrote in between: the next read says who) and transient failures: retry.
        logger.warn(
          { lease: name, namespace, status: code, err: error },
          'lease renewal failed, retrying',
        );
        schedule(retryMs);
      }
    }

    schedule(renewEveryMs);
    return {
      lost: controller.signal,
      async release() {
        if (released) return;
        released = true;
        clearTimeout(timer);
        await inFlight;
        if (controller.signal.aborted) return;
        // The lease would expire on its own; failing to release only delays the next run.
        try {
          for (let attempt = 0; attempt < 2; attempt++) {
            try {
              await api.replaceNamespacedLease({
                name,
                namespace,
                body: leaseBody(
                  name,
                  { acquireTime: clock(), transitions, holder: '', duration: 1 },
                  resourceVersion,
                ),
              });
              logger.info({ lease: name, namespace }, 'lease released');
              return;
            } catch (error) {
              if (statusCode(error) !== 409) throw error;
              const current = await api.readNamespacedLease({ name, namespace });
              if (current.spec?.holderIdentity !== identity) return;
              resourceVersion = current.metadata?.resourceVersion;
            }
          }
        } catch (error) {
          logger.warn(
            { lease: name, namespace, err: error },
            'lease release failed; it expires on its own',
          );
        }
      },
    };
  }

  return { tryAcquire };
}
