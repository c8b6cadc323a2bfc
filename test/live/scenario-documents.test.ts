import { NoDeprecatedCustomRule, parse, validate } from 'graphql';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadAdminSchema } from '../../simulators/shopify/schema.js';
import { liveSettings, liveWriteVerdict } from '../support/live-target.js';
import * as documents from '../support/scenario-documents.js';

/*
 * Runs without credentials: what the live scenarios send is checked here against the schema a
 * real store serves (the simulator validates too, but a live run must not be the first to find a
 * wrong document), and the guard rail that decides whether they may write at all.
 */
const schema = loadAdminSchema();

for (const [name, document] of Object.entries(documents)) {
  test(`${name} is valid against the Admin API 2026-10 schema and uses nothing deprecated`, () => {
    assert.equal(
      validate(schema, parse(document)).map((e) => e.message),
      [],
    );
    assert.equal(
      validate(schema, parse(document), [NoDeprecatedCustomRule]).map((e) => e.message),
      [],
    );
  });
}

const VERDICTS: [string, Parameters<typeof liveWriteVerdict>[0], RegExp | null][] = [
  [
    'a development store',
    {
      shop: 'dev.myshopify.com',
      partnerDevelopment: true,
      planName: 'Development',
      understood: false,
    },
    null,
  ],
  [
    'a paying store',
    { shop: 'real.myshopify.com', partnerDevelopment: false, planName: 'Basic', understood: false },
    /not a development store \(plan "Basic"\).*LIVE_I_UNDERSTAND_THIS_WRITES=1/,
  ],
  [
    'a paying store, writes accepted',
    { shop: 'real.myshopify.com', partnerDevelopment: false, planName: 'Basic', understood: true },
    null,
  ],
  [
    'a custom domain',
    {
      shop: 'shop.example.com',
      partnerDevelopment: true,
      planName: 'Development',
      understood: true,
    },
    /not a <name>\.myshopify\.com domain/,
  ],
  [
    'a URL instead of a domain',
    {
      shop: 'https://dev.myshopify.com',
      partnerDevelopment: true,
      planName: 'Development',
      understood: false,
    },
    /not a <name>\.myshopify\.com domain/,
  ],
];

for (const [name, facts, refusal] of VERDICTS)
  test(`guard rail: ${name} is ${refusal ? 'refused' : 'accepted'}`, () => {
    const verdict = liveWriteVerdict(facts);
    if (!refusal) return assert.ok(verdict.ok);
    assert.ok(!verdict.ok);
    if (!verdict.ok) assert.match(verdict.reason, refusal);
  });

test('live settings: the missing variables are named; the token is only ever a value', () => {
  assert.equal(liveSettings({}), {
    ok: false,
    missing: ['LIVE_SHOPIFY_SHOP', 'LIVE_SHOPIFY_ACCESS_TOKEN'],
  });
  const s = liveSettings({
    LIVE_SHOPIFY_SHOP: 'dev.myshopify.com',
    LIVE_SHOPIFY_ACCESS_TOKEN: 'shpat_x',
    LIVE_I_UNDERSTAND_THIS_WRITES: 'yes',
  });
  assert.equal(s, {
    ok: true,
    shopify: {
      shop: 'dev.myshopify.com',
      accessToken: 'shpat_x',
      apiVersion: '2026-10',
      understood: false,
    },
  });
});

test.run();
