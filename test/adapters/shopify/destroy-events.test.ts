import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { destroyedSince, type Destroyed } from '../../../src/adapters/shopify/destroy-events.js';

// destroyedSince over one page of Shopify's `events` answer, as the client returns it.
const since = '2026-11-30T12:00:00Z';
const event = (over: Record<string, unknown>) => ({
  subjectId: 'gid://shopify/Order/1',
  subjectType: 'ORDER',
  action: 'destroy',
  createdAt: '2026-11-30T12:03:00Z',
  ...over,
});

async function read(nodes: unknown[]): Promise<Destroyed[]> {
  const client = {
    request: async <T>(): Promise<T> =>
      ({
        events: { nodes, pageInfo: { hasNextPage: false, endCursor: null } },
      }) as T,
  };
  const found: Destroyed[] = [];
  for await (const d of destroyedSince(client, 'ORDER', since)) found.push(d);
  return found;
}

const cases: [string, unknown[], Destroyed[]][] = [
  [
    'a destroy event: its subject and time',
    [event({})],
    [{ subjectId: 'gid://shopify/Order/1', at: '2026-11-30T12:03:00Z' }],
  ],
  [
    'no createdAt (the schema says it is always there): still a deletion, dated at the window start',
    [event({ createdAt: null })],
    [{ subjectId: 'gid://shopify/Order/1', at: since }],
  ],
  ['another action is not a deletion', [event({ action: 'create' })], []],
  ['another subject type is not a deletion', [event({ subjectType: 'PRODUCT' })], []],
  ['no subject id', [event({ subjectId: null })], []],
];
for (const [name, nodes, expected] of cases)
  test(`destroyedSince: ${name}`, async () => {
    assert.equal(await read(nodes), expected);
  });

test.run();
