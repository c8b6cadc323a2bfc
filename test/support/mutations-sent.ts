import type { ShopifySimulator } from '../../simulators/shopify/index.js';
import { loadAdminSchema } from '../../simulators/shopify/schema.js';

/**
 * Every mutation root field the Shopify simulator executed since its counters were last reset,
 * by name: whatever the Admin schema calls a mutation counts, so a write added later cannot slip
 * past a "the next run sends nothing" check that lists names by hand.
 */
export function mutationsSent(shopify: Pick<ShopifySimulator, 'counters'>): Record<string, number> {
  const mutations = loadAdminSchema().getMutationType()?.getFields() ?? {};
  return Object.fromEntries(
    Object.entries(shopify.counters().rootFields).filter(([name, n]) => name in mutations && n > 0),
  );
}
