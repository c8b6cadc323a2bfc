import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  PRODUCT_DRAFT_FORMAT,
  productHash,
  productToDraft,
  type PriceOfVariant,
} from '../../../src/app/usecases/catalog-mapping.js';
import { contentHash } from '../../../src/app/usecases/content-hash.js';
import type { Product, Variant } from '../../../src/domain/model/catalog.js';
import type { ProductStatus } from '../../../src/domain/model/catalog-write.js';

/**
 * Staging reuses a product's content hash from the last run of the same release and draft format
 * (`<release>/<PRODUCT_DRAFT_FORMAT>`, stage-catalog.ts) when its record is unchanged. A change to
 * what productToDraft makes of a product (or to productHash, or sanitizeHtml inside it) without a
 * new format number keeps the old hashes: the changed drafts are never sent. So the fingerprint of
 * what the drafts of this fixed table are is pinned per format number.
 */
const FINGERPRINTS: Readonly<Record<number, string>> = {
  1: 'e37e08d3d52bb465fdbe15a59b786be830b5b06b02a59b5c188487dd52474592',
};

const variant = (externalId: string, given: Partial<Variant> = {}): Variant => ({
  externalId,
  sku: `SKU-${externalId}`,
  barcode: null,
  optionValues: [],
  weightGrams: null,
  ...given,
});

const product = (externalId: string, given: Partial<Product> = {}): Product => ({
  externalId,
  title: `Product ${externalId}`,
  descriptionHtml: '',
  vendor: 'Acme',
  productType: 'Shirts',
  categoryIds: ['C1'],
  active: true,
  options: [],
  variants: [variant(`${externalId}-1`)],
  updatedAt: '2026-11-30T12:00:00Z',
  ...given,
});

const prices = new Map<string, PriceOfVariant>([
  ['P1-1', { amount: '10.00', compareAt: null }],
  ['P2-S', { amount: '12.50', compareAt: '15.00' }],
  ['P2-M', { amount: '12.50', compareAt: null }],
  ['P3-1', { amount: '5.00', compareAt: null }],
  ['P5-1', { amount: '1.00', compareAt: null }],
  ['P6-S', { amount: '7.00', compareAt: null }],
]);

// Every branch of productToDraft: no options (Title / Default Title), options with a value
// missing, all prices (ACTIVE), one price missing (DRAFT), inactive (the archive status), HTML
// that is sanitised, barcode and weight, text outside ASCII.
const table: [Product, Exclude<ProductStatus, 'ACTIVE'>][] = [
  [product('P1'), 'ARCHIVED'],
  [
    product('P2', {
      descriptionHtml: '<p onclick="x()">Soft <b>cotton</b><script>alert(1)</script></p>',
      options: [
        { name: 'Size', values: ['S', 'M', 'L'] },
        { name: 'Colour', values: ['Blue'] },
      ],
      variants: [
        variant('P2-S', {
          optionValues: ['S', 'Blue'],
          barcode: '4006381333931',
          weightGrams: 180,
        }),
        variant('P2-M', { optionValues: ['M'] }),
        variant('P2-L', { optionValues: ['L', 'Blue'] }),
      ],
    }),
    'ARCHIVED',
  ],
  [product('P3', { active: false }), 'ARCHIVED'],
  [product('P4', { active: false }), 'DRAFT'],
  [product('P5', { title: 'Çà et là — Größe ½', vendor: '', productType: '' }), 'ARCHIVED'],
  [
    product('P6', {
      options: [{ name: 'Size', values: ['S'] }],
      variants: [variant('P6-S', { optionValues: ['S'], sku: '' })],
      descriptionHtml: '<a href="javascript:alert(1)">link</a> &amp; <img src=x onerror=y>',
    }),
    'DRAFT',
  ],
];

function fingerprint(): string {
  const drafts = table.map(([p, archiveStatus]) => productToDraft(p, archiveStatus, prices));
  return contentHash({ drafts, hashes: drafts.map(productHash) });
}

test('PRODUCT_DRAFT_FORMAT: the drafts of a fixed table are what this format number pins', () => {
  const now = fingerprint();
  const pinned = FINGERPRINTS[PRODUCT_DRAFT_FORMAT];
  assert.ok(
    pinned === now,
    `you changed the draft: bump PRODUCT_DRAFT_FORMAT and update this fingerprint ` +
      `(FINGERPRINTS[${PRODUCT_DRAFT_FORMAT}] is ${pinned ?? 'missing'}; ` +
      `the drafts now give ${now}: pin it under the new format number)`,
  );
});

test.run();
