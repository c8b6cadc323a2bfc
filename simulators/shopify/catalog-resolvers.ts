/**
 * The catalogue's root fields, one module per entity: the shop and its publications, metafield
 * definitions, products and variants, collections, deletion events, jobs and `node(s)`.
 */
import { collectionMutations, collectionQueries } from './collection-resolvers.js';
import type { SimContext } from './context.js';
import { eventQueries } from './event-resolvers.js';
import { jobQueries } from './jobs.js';
import { definitionMutations, definitionQueries } from './metafield-definition-resolvers.js';
import { nodeQueries } from './node-resolvers.js';
import { productMutations, productQueries } from './product-resolvers.js';
import { shopMutations, shopQueries } from './shop-resolvers.js';

export function catalogQueries(ctx: SimContext) {
  return {
    ...shopQueries(ctx),
    ...definitionQueries(ctx),
    ...productQueries(ctx),
    ...collectionQueries(ctx),
    ...eventQueries(ctx),
    ...jobQueries(ctx),
    ...nodeQueries(ctx),
  };
}

export function catalogMutations(ctx: SimContext) {
  return {
    ...definitionMutations(ctx),
    ...productMutations(ctx),
    ...collectionMutations(ctx),
    ...shopMutations(ctx),
  };
}
