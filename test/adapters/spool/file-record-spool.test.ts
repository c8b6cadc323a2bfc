/**
 * The file spool: lines back in order, any text that JSON escapes survives, the file removed; a
 * write that fails after write() returned (a full /tmp) fails read() instead of hanging it.
 */
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openFileRecordSpool } from '../../../src/adapters/spool/file-record-spool.js';

const spoolDirs = () => readdirSync(os.tmpdir()).filter((d) => d.startsWith('record-spool-'));

test('lines come back in order, batch after batch; close removes the file', async () => {
  const before = new Set(spoolDirs());
  const spool = await openFileRecordSpool();
  const mine = spoolDirs().filter((d) => !before.has(d));
  assert.is(mine.length, 1);
  const awkward = JSON.stringify({ t: 'tab\there, newline\nthere, ä, "quoted"' });
  const batches = [
    ['a', awkward],
    [],
    Array.from({ length: 20000 }, (_, i) => `line ${i} ${'x'.repeat(50)}`),
  ];
  for (const batch of batches) await spool.write(batch);
  const back: string[] = [];
  for await (const line of spool.read()) back.push(line);
  assert.equal(back, batches.flat());
  assert.equal(JSON.parse(back[1] ?? 'null'), { t: 'tab\there, newline\nthere, ä, "quoted"' });
  await spool.close();
  await spool.close();
  assert.not.ok(existsSync(`${os.tmpdir()}/${mine[0]}`));
});

test('lines longer than a read chunk, and characters split between chunks, come back whole', async () => {
  const spool = await openFileRecordSpool();
  // 'ä' is two bytes in UTF-8: from an odd offset, some fall across the 64 KB read chunks.
  const lines = [`x${'ä'.repeat(100_000)}`, 'short', '', `${'é'.repeat(40_000)}x`, 'last'];
  await spool.write(lines);
  const back: string[] = [];
  for await (const line of spool.read()) back.push(line);
  assert.equal(back, lines);
  await spool.close();
});

test('a spool closed unread leaves nothing behind', async () => {
  const before = new Set(spoolDirs());
  const spool = await openFileRecordSpool();
  await spool.write(['x']);
  await spool.close();
  assert.equal(
    spoolDirs().filter((d) => !before.has(d)),
    [],
  );
});

test('a write that fails after write() returned makes read() reject with ENOSPC', async () => {
  // /dev/full takes the open and fails every write with ENOSPC, after write() has returned. The
  // old read() waited for a 'finish' the destroyed stream never emits: it never settled.
  const spool = await openFileRecordSpool({ file: '/dev/full' });
  await spool.write(['x']);
  // The write fails a few turns later; read() is asked once the spool has seen it (the next
  // write throws it), as when the last batch's write fails before the read begins.
  for (;;) {
    try {
      await spool.write([]);
    } catch {
      break;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  let error: unknown = null;
  try {
    for await (const line of spool.read()) assert.unreachable(`read ${line}`);
  } catch (e) {
    error = e;
  }
  assert.is((error as { code?: unknown } | null)?.code, 'ENOSPC');
  await spool.close();
});

test.run();
