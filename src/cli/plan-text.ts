import type { SyncOrdersPlan } from '../app/pipeline/sync-orders.js';
import type { SyncToShopifyPlan } from '../app/pipeline/sync-to-shopify.js';
import { formatTable } from './text-table.js';

/**
 * The dry-run plan of sync-to-shopify for a person. The products to write split into creates and
 * updates by what the existing-products step saw: the new ones (those it held back included)
 * against the rest of what is written.
 */
export function formatSyncToShopifyPlan(shop: string, plan: SyncToShopifyPlan): string {
  const c = plan.categories;
  const p = plan.products;
  const productCreate = String(p.newProducts);
  // Written = new + changed, less the new ones held back (refused): the rest are updates.
  const productUpdate = String(Math.max(0, p.write + plan.existing.refuse - p.newProducts));
  const rows = [
    [
      'collections (categories)',
      String(c.create),
      String(c.update),
      `${c.removed} (kept, no longer managed)`,
      String(c.unchanged),
    ],
    ['products', productCreate, productUpdate, String(p.archive), String(p.unchanged)],
    [
      'prices (of existing products)',
      '',
      `${plan.prices.variants} variant(s) of ${plan.prices.products} product(s)`,
      '',
      '',
    ],
  ];
  const nothing = c.create + c.update + p.write + p.archive + plan.prices.products === 0;
  return [
    `Plan of sync-to-shopify for ${shop} (dry run: nothing was written to Shopify)`,
    '',
    formatTable(['entity', 'create', 'update', 'archive', 'unchanged'], rows),
    '',
    ...(plan.customIdDefinitions.length > 0
      ? [
          `The custom-id metafield definitions would be created for: ${plan.customIdDefinitions.join(', ')}.`,
        ]
      : []),
    nothing
      ? 'Nothing to send: Shopify matches API X.'
      : [
          p.write > 0
            ? `Products would be written by ${p.path === 'bulk' ? 'one bulk import' : 'single mutations'} (${p.write} of ${p.staged} read from API X).`
            : null,
          plan.prices.products > 0
            ? `Prices would be sent by ${plan.prices.path === 'bulk' ? 'one bulk operation' : 'one update per product'}.`
            : null,
          p.archive > 0
            ? `${p.archive} product(s) are gone from API X and would be archived (safety stop above SYNC_MAX_ARCHIVE_RATIO).`
            : null,
        ]
          .filter(Boolean)
          .join('\n'),
  ].join('\n');
}

/** The dry-run plan of sync-orders for a person. */
export function formatSyncOrdersPlan(shop: string, plan: SyncOrdersPlan): string {
  const f = plan.fetched;
  return [
    `Plan of sync-orders for ${shop} (dry run: nothing was stored or pushed)`,
    '',
    formatTable(
      ['orders read from Shopify', 'new', 'changed', 'unchanged', 'malformed'],
      [
        [
          String(f.fetched),
          String(f.inserted),
          String(f.changed),
          String(f.unchanged),
          String(f.malformed),
        ],
      ],
    ),
    '',
    `Due to push to API X: ${plan.pushed.due} already waiting in the outbox` +
      (f.inserted + f.changed > 0
        ? `, plus the ${f.inserted} new and ${f.changed} changed order(s) once stored (test orders excepted when ORDERS_SKIP_TEST).`
        : '.'),
  ].join('\n');
}
