/** Exit codes, documented in the README. */
export const EXIT = {
  /** The run succeeded, or was skipped because another run holds the lock. */
  ok: 0,
  /** The run failed (see the log and `status`); the next scheduled run retries. */
  failed: 1,
  /** Wrong command line or configuration: nothing was run. */
  usage: 2,
  /** Stopped by SIGINT (Ctrl-C): 128 + 2. */
  sigint: 130,
  /** Stopped by SIGTERM (Kubernetes shutting the pod down): 128 + 15. */
  sigterm: 143,
} as const;
