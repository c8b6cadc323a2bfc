import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  createPostFile,
  postFile,
} from '../../../../src/adapters/shopify/bulk/multipart-upload.js';
import { UpstreamError } from '../../../../src/domain/errors.js';

interface Received {
  readonly headers: http.IncomingHttpHeaders;
  readonly bytes: number;
  readonly form: FormData;
}

/**
 * A storage host that parses the POST as the simulator (and Google Cloud Storage) do: the
 * multipart body read whole, through the WHATWG parser. `status` is its answer.
 */
async function storage(status = 204): Promise<{
  url: string;
  received: () => Received[];
  close: () => Promise<void>;
}> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      void new Request('http://127.0.0.1/', {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? '' },
        body: raw,
      })
        .formData()
        .then((form) => {
          received.push({ headers: req.headers, bytes: raw.length, form });
          res.writeHead(status).end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/upload`,
    received: () => received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function withFile<T>(content: string, f: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'multipart-upload-'));
  try {
    const file = path.join(dir, 'product-set.jsonl');
    await writeFile(file, content);
    return await f(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const FIELDS = [
  ['Content-Type', 'text/jsonl'],
  ['success_action_status', '201'],
  ['key', 'tmp/1/bulk/abc/product-set.jsonl'],
  ['x-goog-signature', 'sig"with\r\nodd characters'],
  ['policy', 'eyJleHAiOiIy'],
] as const;

test('every line of a file larger than many read chunks arrives once, in order, with every field', async () => {
  // ~2.9 MB: dozens of 64 KB reads, lines crossing chunk boundaries, multi-byte characters.
  const lines = Array.from({ length: 20_000 }, (_, i) =>
    JSON.stringify({ input: { handle: `p-${i}`, title: `Produit n°${i} — ✓`, n: i } }),
  );
  const content = lines.join('\n') + '\n';
  const host = await storage(201);
  try {
    const answer = await withFile(content, (file) =>
      postFile(host.url, FIELDS, {
        path: file,
        filename: 'product-set.jsonl',
        contentType: 'text/jsonl',
      }),
    );
    assert.is(answer.status, 201);
    const [got] = host.received();
    assert.ok(got);
    // A declared length, not chunked encoding: storage POST policies check the size.
    assert.is(got.headers['transfer-encoding'], undefined);
    assert.is(Number(got.headers['content-length']), got.bytes);
    for (const [name, value] of FIELDS) assert.is(got.form.get(name), value, name);
    const file = got.form.get('file');
    assert.instance(file, Blob);
    const text = await (file as File).text();
    assert.is((file as File).name, 'product-set.jsonl');
    assert.is((file as File).type, 'text/jsonl');
    const sent = text.split('\n');
    assert.is(sent.pop(), '');
    assert.is(sent.length, lines.length);
    assert.equal(sent, lines);
  } finally {
    await host.close();
  }
});

test('an empty file is a part of its own, with the fields before it', async () => {
  const host = await storage();
  try {
    const answer = await withFile('', (file) =>
      postFile(host.url, [['key', 'k']], {
        path: file,
        filename: 'x.jsonl',
        contentType: 'text/jsonl',
      }),
    );
    assert.is(answer.status, 204);
    const [got] = host.received();
    assert.is(got?.form.get('key'), 'k');
    assert.is(await (got?.form.get('file') as File).text(), '');
  } finally {
    await host.close();
  }
});

test("a refusal is the storage host's status, not an error", async () => {
  const host = await storage(403);
  try {
    const answer = await withFile('{"a":1}\n', (file) =>
      postFile(host.url, [['key', 'k']], {
        path: file,
        filename: 'x.jsonl',
        contentType: 'text/jsonl',
      }),
    );
    assert.is(answer.status, 403);
  } finally {
    await host.close();
  }
});

test('an aborted upload rejects', async () => {
  const host = await storage();
  const stop = new AbortController();
  stop.abort(new Error('the run stopped'));
  try {
    await withFile('{"a":1}\n', async (file) => {
      try {
        await postFile(
          host.url,
          [['key', 'k']],
          { path: file, filename: 'x.jsonl', contentType: 'text/jsonl' },
          stop.signal,
        );
        assert.unreachable('should have rejected');
      } catch (error) {
        assert.instance(error, Error);
        assert.not.match((error as Error).message, 'should have rejected');
      }
    });
  } finally {
    await host.close();
  }
});

test('a storage host that takes the file and never answers is given up after the idle timeout', async () => {
  const sockets = new Set<Socket>();
  const server = http.createServer((req) => req.resume());
  server.on('connection', (socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await withFile('{"a":1}\n', async (file) => {
      try {
        await createPostFile({ idleTimeoutMs: 100 })(
          `http://127.0.0.1:${port}/upload`,
          [['x-goog-signature', 'secret-signature']],
          { path: file, filename: 'x.jsonl', contentType: 'text/jsonl' },
        );
        assert.unreachable('should have rejected');
      } catch (error) {
        assert.instance(error, UpstreamError);
        assert.ok((error as UpstreamError).retryable);
        assert.match((error as Error).message, `staged upload to 127.0.0.1:${port} timed out`);
        assert.not.match((error as Error).message, 'secret-signature');
      }
    });
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('a network error is a retryable UpstreamError naming the host, not the signed fields', async () => {
  // A port that was just free: nothing listens there.
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  await withFile('{"a":1}\n', async (file) => {
    try {
      await postFile(
        `http://127.0.0.1:${port}/upload`,
        [['x-goog-signature', 'secret-signature']],
        {
          path: file,
          filename: 'x.jsonl',
          contentType: 'text/jsonl',
        },
      );
      assert.unreachable('should have rejected');
    } catch (error) {
      assert.instance(error, UpstreamError);
      assert.ok((error as UpstreamError).retryable);
      assert.match((error as Error).message, `staged upload to 127.0.0.1:${port} failed`);
      assert.not.match((error as Error).message, 'secret-signature');
    }
  });
});

test.run();
