import type { RecordError } from '../../domain/model/record-error.js';
import type { ItemResult } from '../../domain/model/sync-run.js';
import type { Logger } from '../../domain/ports/logger.js';
import type { ProgressSink } from '../../domain/ports/progress.js';

/** What a step needs from the run it belongs to (the job runner's RunContext satisfies it). */
export interface StepContext {
  readonly runId: string;
  readonly signal: AbortSignal;
  readonly logger: Logger;
  readonly counter: {
    add(entity: string, result: ItemResult, n?: number): void;
    get(entity: string, result: ItemResult): number;
  };
  recordError(error: RecordError): Promise<void>;
  /** Shows progress as it happens (a bar on a terminal); absent: progress goes to the log only. */
  readonly progress?: ProgressSink | undefined;
}

/** Throws the signal's reason when the run was asked to stop: called at every record boundary. */
export function checkpoint(signal: AbortSignal): void {
  signal.throwIfAborted();
}
