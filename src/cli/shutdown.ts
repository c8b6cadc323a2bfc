import { EXIT } from './exit-codes.js';

/** Used until the configuration is read (and by doctor, which reads its own): the env default. */
export const DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 25;

export interface ShutdownDeps {
  /** Ends the process at once (process.exit). */
  readonly exit: (code: number) => void;
  readonly write: (text: string) => void;
  /** setTimeout by default; the timer is unref'd, so it never holds a finished process open. */
  readonly setTimer?: (run: () => void, ms: number) => { unref(): unknown };
}

export interface Shutdown {
  /** Aborted on the first SIGTERM/SIGINT: the run stops at the next record boundary. */
  readonly signal: AbortSignal;
  /** SHUTDOWN_TIMEOUT_SECONDS from the configuration, once it is read. */
  setTimeoutSeconds(seconds: number): void;
  /** The exit code of the signal received (143 or 130), or null while none came. */
  exitCode(): number | null;
  onSignal(name: 'SIGTERM' | 'SIGINT'): void;
}

/**
 * SIGTERM/SIGINT abort the run at the next record boundary; a watchdog then forces the exit,
 * with the signal's exit code, if the clean shutdown takes longer than SHUTDOWN_TIMEOUT_SECONDS.
 * As PID 1 in a container nothing else would stop us before the kubelet's SIGKILL, which the chart
 * sends that timeout plus a margin later (a killed run stays 'running' until the next run marks
 * it died; one that exits itself is recorded as interrupted).
 */
export function createShutdown(deps: ShutdownDeps): Shutdown {
  const controller = new AbortController();
  const setTimer = deps.setTimer ?? ((run, ms) => setTimeout(run, ms));
  let timeoutSeconds = DEFAULT_SHUTDOWN_TIMEOUT_SECONDS;
  let code: number | null = null;
  return {
    signal: controller.signal,
    setTimeoutSeconds(seconds) {
      timeoutSeconds = seconds;
    },
    exitCode: () => code,
    onSignal(name) {
      if (code !== null) return;
      const exitCode = name === 'SIGTERM' ? EXIT.sigterm : EXIT.sigint;
      code = exitCode;
      deps.write(`integration-service: ${name} received, stopping at the next record\n`);
      controller.abort(new Error(name));
      const seconds = timeoutSeconds;
      setTimer(() => {
        deps.write(`integration-service: shutdown took longer than ${seconds}s, exiting now\n`);
        deps.exit(exitCode);
      }, seconds * 1000).unref();
    },
  };
}
