import type pg from 'pg';
import type { StagedPrice } from '../../../domain/ports/catalog-staging.js';
import type { ChangedProduct } from '../../../domain/ports/product-changes.js';
import type { ProductDraft } from '../../../domain/model/catalog-write.js';

/**
 * What more than one catalogue store reads or writes the same way: a staged product as a change,
 * a staged price, and the price hashes Shopify now has (recorded by product and by price writes).
 */

export interface StagedRow {
  external_id: string;
  content_hash: string;
  draft: unknown;
  bulk_line: number | null;
  is_new: boolean;
  was_active: boolean;
}

export function toChanged(row: StagedRow): ChangedProduct {
  // The draft was written by this service from a validated ProductDraft.
  return {
    externalId: row.external_id,
    contentHash: row.content_hash,
    draft: row.draft as ProductDraft,
    bulkLine: row.bulk_line,
    isNew: row.is_new,
    wasActive: row.was_active,
  };
}

export interface StagedPriceRow {
  variant_external_id: string;
  amount: string;
  compare_at: string | null;
  content_hash: string;
}

export function toStagedPrice(r: StagedPriceRow): StagedPrice {
  return {
    variantExternalId: r.variant_external_id,
    amount: r.amount,
    compareAt: r.compare_at,
    contentHash: r.content_hash,
  };
}

/** Records the price hashes Shopify now has (after a productSet or a price update). */
export async function upsertPriceMappings(
  db: Pick<pg.Pool, 'query'>,
  shop: string,
  rows: readonly { variant: string; variantId: string | null; product: string; hash: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO mappings (shop, entity, external_id, shopify_id, parent_external_id, content_hash, state, synced_at)
     SELECT $1, 'price', v, g, p, h, 'active', now() FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS t(v, g, p, h)
     ON CONFLICT (shop, entity, external_id) DO UPDATE
       SET shopify_id = EXCLUDED.shopify_id, parent_external_id = EXCLUDED.parent_external_id,
           content_hash = EXCLUDED.content_hash, synced_at = now()`,
    [
      shop,
      rows.map((r) => r.variant),
      rows.map((r) => r.variantId),
      rows.map((r) => r.product),
      rows.map((r) => r.hash),
    ],
  );
}
