/** sync-orders kill points, shard 2 of 2 (support/orders-kill-suite.ts). */
import { test } from 'uvu';
import { registerOrdersKillPoints } from './support/orders-kill-suite.js';

registerOrdersKillPoints(2);
test.run();
