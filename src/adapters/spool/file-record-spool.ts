import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
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
      yield* linesOf(file);
    },
    async close() {
      out.destroy();
      if (dir !== null) await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The file's lines, each decoded into a string of its own. Not readline: its lines are slices of
 * the 64 KB text chunk they were read in (V8 keeps the whole chunk alive for a slice), so a
 * caller keeping one line in a thousand (drafts of a 100k delta) kept a chunk per line: 1,000
 * lines held ~64 MB of large-object space, the 100k delta's RSS peak (issue 19).
 */
async function* linesOf(file: string): AsyncGenerator<string> {
  // The part of a line read so far (a line can span chunks; a character's bytes too).
  let parts: Buffer[] = [];
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
      if (parts.length === 0) yield chunk.toString('utf8', start, end);
      else {
        parts.push(chunk.subarray(start, end));
        yield Buffer.concat(parts).toString('utf8');
        parts = [];
      }
      start = end + 1;
    }
    // A copy: the stream may hand this chunk's memory on.
    if (start < chunk.length) parts.push(Buffer.from(chunk.subarray(start)));
  }
  if (parts.length > 0) yield Buffer.concat(parts).toString('utf8');
}
