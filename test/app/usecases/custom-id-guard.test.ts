import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  createCustomIdGuard,
  customIdMismatch,
  type ConfiguredCustomId,
} from '../../../src/app/usecases/custom-id-guard.js';
import { ConfigError } from '../../../src/domain/errors.js';
import type {
  CustomIdMetafield,
  RecordedCustomId,
} from '../../../src/domain/ports/custom-id-record.js';

const configured = (namespace: string, namespacePinned: boolean, key = 'external_id') =>
  ({ namespace, key, namespacePinned }) satisfies ConfiguredCustomId;
const written = (namespace: string, key = 'external_id') => ({ namespace, key });

test('table: when the configured custom id may be used', () => {
  const cases: [string, RecordedCustomId, ConfiguredCustomId, RegExp | null][] = [
    ['fresh shop, default', null, configured('$app:integration_service', false), null],
    ['fresh shop, set', null, configured('mine', true), null],
    [
      'synced before the record, default now',
      'unrecorded',
      configured('$app:integration_service', false),
      /default of then \(integration_service\.external_id\).*SHOPIFY_CUSTOM_ID_NAMESPACE=integration_service/,
    ],
    ['synced before the record, set', 'unrecorded', configured('integration_service', true), null],
    ['recorded, same', written('$app'), configured('$app', true), null],
    [
      'recorded, other namespace',
      written('integration_service'),
      configured('$app:integration_service', false),
      /written as integration_service\.external_id, but .* say \$app:integration_service\.external_id.*SHOPIFY_CUSTOM_ID_NAMESPACE=integration_service and SHOPIFY_CUSTOM_ID_KEY=external_id/,
    ],
    [
      'recorded, other key',
      written('ns', 'a'),
      configured('ns', true, 'b'),
      /written as ns\.a, but .* say ns\.b/,
    ],
  ];
  for (const [name, recorded, config, expected] of cases) {
    const problem = customIdMismatch(recorded, config);
    if (expected === null) assert.is(problem, null, name);
    else assert.match(problem ?? '', expected, name);
  }
});

function memo(initial: RecordedCustomId) {
  const writes: CustomIdMetafield[] = [];
  return {
    writes,
    record: {
      recorded: async () => initial,
      record: async (c: CustomIdMetafield) => void writes.push(c),
    },
  };
}

test('the guard records on first use, never in a dry run, and throws ConfigError on a mismatch', async () => {
  const fresh = memo(null);
  await createCustomIdGuard(fresh.record, configured('$app', false))({ dryRun: true });
  assert.equal(fresh.writes, []);
  await createCustomIdGuard(fresh.record, configured('$app', false))({ dryRun: false });
  assert.equal(fresh.writes, [written('$app')]);

  const same = memo(written('$app'));
  await createCustomIdGuard(same.record, configured('$app', false))({ dryRun: false });
  assert.equal(same.writes, [], 'an unchanged record is not written again');

  const legacy = memo('unrecorded');
  const error = await createCustomIdGuard(
    legacy.record,
    configured('$app', false),
  )({
    dryRun: false,
  }).catch((e: unknown) => e);
  assert.instance(error, ConfigError);
  assert.equal(legacy.writes, []);
});

test.run();
