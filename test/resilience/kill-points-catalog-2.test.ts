/** sync-to-shopify kill points, shard 2 of 2 (support/catalog-kill-suite.ts). */
import { test } from 'uvu';
import { registerCatalogKillPoints } from './support/catalog-kill-suite.js';

registerCatalogKillPoints(2);
test.run();
