/** The file spool: lines back in order, any text that JSON escapes survives, the file removed. */
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

test.run();
