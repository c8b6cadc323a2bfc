import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import type { RecordSpool } from '../../domain/ports/record-spool.js';

export interface FileRecordSpoolOptions {
  /**
   * A file the caller owns (tests: /dev/full to fail every write with ENOSPC). Written and read
   * as is, never removed; without it the spool makes and removes a temp directory of its own.
   */
  readonly file?: string;
}

/**
 * A RecordSpool in a file of its own under the OS temp directory (the chart's tmp volume, where
 * bulk operation files are spooled too). Writes wait for the stream to drain, so memory holds
 * at most one batch.
 */
export async function openFileRecordSpool(
  options: FileRecordSpoolOptions = {},
): Promise<RecordSpool> {
  const dir =
    options.file === undefined ? await mkdtemp(path.join(os.tmpdir(), 'record-spool-')) : null;
  const file = options.file ?? path.join(dir ?? '', 'records.jsonl');
  const out = createWriteStream(file, { encoding: 'utf8' });
  // A write error is thrown by the next write or by read(); this keeps it from going unhandled.
  // It keeps its code (ENOSPC when /tmp is full), which the CLI's operator line turns into the
  // 'temporary folder is full' hint.
  let failure: Error | null = null;
  out.on('error', (error) => (failure ??= error));
  const ended = async () => {
    if (failure !== null) throw failure;
    if (out.writableFinished) return;
    // A write that fails after the last write() returned destroys the stream: 'finish' never
    // comes, and waiting for it hung the run while it held its lock. finished() rejects with
    // the stream's error (or a premature close) instead.
    out.end();
    await finished(out, { readable: false });
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
      if (dir !== null) await rm(dir, { recursive: true, force: true });
    },
  };
}
