import type { SimContext } from './context.js';
import { fulfillmentNode } from './fulfillment-views.js';
import { splitGid } from './gid.js';
import { inventoryNode } from './inventory.js';
import { readable } from './order-resolvers.js';
import { orderView } from './order-view.js';
import { collectionView, definitionView, productView, variantView } from './views.js';

/** The root value for `node`/`nodes`: any GID the simulator knows. */
function nodeById(ctx: SimContext, id: string): Record<string, unknown> | null {
  const { type, num } = splitGid(id);
  switch (type) {
    case 'Product': {
      const p = ctx.store.products.get(num);
      return p ? productView(p, ctx) : null;
    }
    case 'ProductVariant': {
      const v = ctx.store.variants.get(num);
      return v ? variantView(v, ctx) : null;
    }
    case 'Collection': {
      const c = ctx.store.collections.get(num);
      return c ? collectionView(c, ctx) : null;
    }
    case 'Order': {
      const o = ctx.orders.get(id);
      return o && readable(ctx)(o) ? orderView(o, ctx) : null;
    }
    case 'BulkOperation': {
      const op = ctx.bulk.get(id);
      return op ? ctx.bulk.view(op) : null;
    }
    case 'MetafieldDefinition': {
      const d = ctx.store.definitions.get(num);
      return d ? definitionView(d) : null;
    }
    default:
      return (inventoryNode(ctx, type, num) ??
        fulfillmentNode(ctx.fulfillments, ctx, type, num) ??
        null) as Record<string, unknown> | null;
  }
}

export function nodeQueries(ctx: SimContext) {
  return {
    node: (args: { id: string }) => nodeById(ctx, args.id),
    nodes: (args: { ids: string[] }) => args.ids.map((id) => nodeById(ctx, id)),
  };
}
