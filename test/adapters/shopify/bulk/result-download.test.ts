import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createShopifyBulk } from '../../../../src/adapters/shopify/bulk/shopify-bulk.js';
import type { ShopifyGraphqlClient } from '../../../../src/adapters/shopify/shopify-graphql-client.js';
import { UpstreamError } from '../../../../src/domain/errors.js';
import { silent } from '../../../support/silent-logger.js';

const URL_ = 'https://storage.example/bulk/1.jsonl?X-Goog-Signature=secret';
const LINES = Array.from({ length: 6 }, (_, i) => JSON.stringify({ data: { n: i } }));
const FILE = new TextEncoder().encode(LINES.join('\n') + '\n');

/** undici's error when the connection closes while a body is read. */
const terminated = () => new TypeError('terminated', { cause: new Error('other side closed') });

/**
 * A storage host that sends the first `cut` bytes of the file and then drops the connection,
 * `breaks` times, before it serves the whole file.
 */
function flakyStorage(breaks: number, cut: number): { fetch: typeof fetch; gets: () => number } {
  let gets = 0;
  const fake = (async () => {
    gets += 1;
    const broken = gets <= breaks;
    let pulls = 0;
    // pull(), not start(): an error raised in start() would discard the bytes queued before it.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        if (pulls === 1) controller.enqueue(broken ? FILE.slice(0, cut) : FILE);
        else if (broken) controller.error(terminated());
        else controller.close();
      },
    });
    return new Response(body, { status: 200 });
  }) as typeof fetch;
  return { fetch: fake, gets: () => gets };
}

const unusedClient = {
  request: () => Promise.reject(new Error('no GraphQL in a download')),
} as unknown as ShopifyGraphqlClient;

async function readAll(fetchImpl: typeof fetch): Promise<string[]> {
  const bulk = createShopifyBulk({ client: unusedClient, logger: silent, fetch: fetchImpl });
  const out: string[] = [];
  for await (const { line } of bulk.resultLines(URL_)) out.push(line);
  return out;
}

test('a result body that breaks off midway is read again, each line handed out once', async () => {
  // Cut in the middle of the third line: the partial line must not be handed out either.
  const storage = flakyStorage(1, LINES[0]!.length + LINES[1]!.length + 5);
  assert.equal(await readAll(storage.fetch), LINES);
  assert.is(storage.gets(), 2);
});

test('a body that keeps breaking off fails naming the download, how far it got and why', async () => {
  const storage = flakyStorage(100, LINES[0]!.length + 1);
  try {
    await readAll(storage.fetch);
    assert.unreachable('should have failed');
  } catch (error) {
    assert.instance(error, UpstreamError);
    const { message } = error as UpstreamError;
    assert.match(message, /bulk result download from storage\.example broke off after 1 lines/);
    assert.match(message, /terminated \(other side closed\)/);
    assert.not.match(message, /secret/);
    assert.ok((error as UpstreamError).retryable);
  }
});

test.run();
