import { createRunCounter } from '../../../src/app/jobs/run-counter.js';
import type { StepContext } from '../../../src/app/usecases/step-context.js';
import type { Logger } from '../../../src/domain/ports/logger.js';
import type { RecordError } from '../../../src/domain/model/record-error.js';

/** One log line as a step wrote it: level, fields and message. */
export interface LoggedLine {
  readonly level: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  readonly fields: unknown;
  readonly message: string;
}

/**
 * A StepContext that keeps what a step leaves behind: the record errors it recorded, its counts
 * and its warnings (an operator reads those), and an abort() to ask it to stop.
 */
export function fakeStepContext(runId = 'run-1') {
  const errors: RecordError[] = [];
  const lines: LoggedLine[] = [];
  const counter = createRunCounter();
  const controller = new AbortController();
  const line =
    (level: LoggedLine['level']) =>
    (fields: unknown, message?: string): void => {
      if (typeof fields === 'string' && message === undefined)
        lines.push({ level, fields: {}, message: fields });
      else lines.push({ level, fields, message: message ?? '' });
    };
  const logger: Logger = {
    trace: line('trace'),
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    child: () => logger,
  };
  const ctx: StepContext = {
    runId,
    signal: controller.signal,
    logger,
    counter,
    async recordError(error) {
      errors.push(error);
    },
  };
  return {
    ctx,
    errors,
    counter,
    /** Every line logged, in order. */
    lines: () => [...lines],
    /** Lines at warn or above: what an operator is told. */
    warnings: () => lines.filter((l) => l.level === 'warn' || l.level === 'error'),
    abort: (reason?: unknown) => controller.abort(reason),
  };
}
