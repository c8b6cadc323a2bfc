import type { OpenRecordSpool, RecordSpool } from '../../../src/domain/ports/record-spool.js';

/** RecordSpools in memory; counts what was opened, closed and read back, keeps every line written. */
export function createFakeRecordSpools() {
  const written: string[] = [];
  let opened = 0;
  let closed = 0;
  let reads = 0;
  const open: OpenRecordSpool = async (): Promise<RecordSpool> => {
    opened += 1;
    const lines: string[] = [];
    let isClosed = false;
    return {
      async write(batch) {
        if (isClosed) throw new Error('spool: written after close');
        for (const line of batch) {
          if (line.includes('\n')) throw new Error('spool: a line with a line break');
          lines.push(line);
          written.push(line);
        }
      },
      async *read() {
        reads += 1;
        yield* lines;
      },
      async close() {
        if (!isClosed) closed += 1;
        isClosed = true;
      },
    };
  };
  return { open, counts: () => ({ opened, closed, reads }), written: () => [...written] };
}
