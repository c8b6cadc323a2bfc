/**
 * A mutual-exclusion lock for one job and shop. `held.lost` aborts when the lock is lost (renewal
 * failed, someone took it over): the run must stop before it writes anything more.
 */
export interface HeldLock {
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

export type LockAttempt =
  | { readonly acquired: true; readonly held: HeldLock }
  | { readonly acquired: false; readonly holder: string; readonly since: string | null };

export interface Lock {
  tryAcquire(name: string): Promise<LockAttempt>;
}
