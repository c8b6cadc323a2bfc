import type { ShopLocation } from '../../domain/model/stock.js';
import type { ShopLocations } from '../../domain/ports/shop-locations.js';
import { list, obj, pageInfo, str } from './graphql-values.js';
import { LOCATIONS } from './inventory-documents.js';
import type { ShopifyGraphqlClient } from './shopify-graphql-client.js';

/** Every location of the shop, a page of 100 at a time (LOCATIONS). */
export function createShopLocations(client: ShopifyGraphqlClient): ShopLocations {
  return {
    async locations(signal) {
      const out: ShopLocation[] = [];
      let after: string | null = null;
      do {
        const data: unknown = await client.request(LOCATIONS, { after }, { signal });
        const conn = obj(obj(data)['locations']);
        for (const n of list(conn['nodes'])) {
          const l = obj(n);
          out.push({
            id: str(l['id']) ?? '',
            name: str(l['name']) ?? '',
            isActive: l['isActive'] === true,
          });
        }
        const page = pageInfo(conn['pageInfo']);
        after = page.hasNextPage ? page.endCursor : null;
      } while (after);
      return out;
    },
  };
}
