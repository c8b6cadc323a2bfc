/**
 * Lines written once and read back once, in order, kept out of memory (a temporary file): what a
 * step needs again later in the run without holding it or asking for it twice.
 */
export interface RecordSpool {
  /** Appends lines (none may contain a line break); resolves once they are taken (backpressure). */
  write(lines: readonly string[]): Promise<void>;
  /** Every line written, in order. Call once, after the last write. */
  read(): AsyncIterable<string>;
  /** Removes the spool; safe to call more than once, and after a failure. */
  close(): Promise<void>;
}

export type OpenRecordSpool = () => Promise<RecordSpool>;
