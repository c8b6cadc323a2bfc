import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { OpenRecordSpool, RecordSpool } from '../../domain/ports/record-spool.js';

/**
 * A RecordSpool in a file of its own under the OS temp directory (the chart's tmp volume, where
 * bulk operation files are spooled too). Writes wait for the stream to drain, so memory holds
 * at most one batch.
 */
export const openFileRecordSpool: OpenRecordSpool = async (): Promise<RecordSpool> => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'record-spool-'));
  const file = path.join(dir, 'records.jsonl');
  const out = createWriteStream(file, { encoding: 'utf8' });
  // A write error is thrown by the next write or by read(); this keeps it from going unhandled.
  let failure: Error | null = null;
  out.on('error', (error) => (failure ??= error));
  const ended = async () => {
    if (!out.writableFinished) {
      out.end();
      await once(out, 'finish');
    }
  };
  return {
    async write(lines) {
      if (failure !== null) throw failure;
      if (lines.length === 0) return;
      if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
    },
    async *read() {
      await ended();
      if (failure !== null) throw failure;
      yield* createInterface({
        input: createReadStream(file, { encoding: 'utf8' }),
        crlfDelay: Infinity,
      });
    },
    async close() {
      out.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
};
