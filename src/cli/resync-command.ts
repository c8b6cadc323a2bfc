import { createOperatorCatalog, type ResyncEntity } from '../adapters/postgres/operator-catalog.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../domain/ports/logger.js';
import type { ResyncArgs } from './commands.js';
import { withOperatorPool } from '../composition-root.js';
import { EXIT } from './exit-codes.js';
import { operatorShop } from './operator-shop.js';
import type { CommandIo } from './command-spec.js';

const ENTITIES: Readonly<Record<string, ResyncEntity>> = {
  products: 'product',
  categories: 'collection',
};

/** `resync products|categories <external-id>...`: the next sync-to-shopify run sends them again. */
export async function runResyncCommand(
  parsed: ResyncArgs,
  config: Config,
  logger: Logger,
  io: CommandIo,
): Promise<number> {
  const [kind = '', ...ids] = parsed.positionals;
  const entity = ENTITIES[kind];
  if (!entity) {
    io.stderr.write(`integration-service: resync takes products or categories (got '${kind}')\n`);
    return EXIT.usage;
  }
  const unique = [...new Set(ids)];
  const shop = operatorShop(parsed, config);
  return withOperatorPool(config, logger, async (pool) => {
    const q = createOperatorCatalog(pool);
    const rows = await q.find(entity, unique, shop);
    const missing = unique.filter((id) => !rows.some((r) => r.externalId === id));
    const noun = kind === 'products' ? 'product' : 'category';
    if (missing.length > 0) {
      io.stderr.write(
        `integration-service: no ${noun} ${missing.map((m) => `'${m}'`).join(', ')} has been synced${shop ? ` to ${shop}` : ''}; nothing changed (a record never sent is sent by the next run anyway)\n`,
      );
      return EXIT.failed;
    }
    const shops = new Set(rows.map((r) => r.shop));
    if (shops.size > 1 && shop === null) {
      io.stderr.write(
        `integration-service: these ids exist in ${[...shops].join(', ')}: pass --shop; nothing changed\n`,
      );
      return EXIT.failed;
    }
    const list = rows
      .map(
        (r) =>
          `  ${r.shop}  ${noun} ${r.externalId}  ${r.shopifyId ?? '(no Shopify object yet)'}  ${r.state}${r.entity === 'product' ? `, ${r.prices} price(s)` : ''}`,
      )
      .join('\n');
    const effect =
      entity === 'product'
        ? 'the next sync-to-shopify run sends these products again in full (fields, variants and prices)'
        : 'the next sync-to-shopify run sends these collections again (title and description)';
    if (parsed.flags['dry-run'] === true) {
      io.stdout.write(
        `dry run: would forget what was last sent for ${rows.length} ${noun}(s) (nothing changed); then ${effect}:\n${list}\n`,
      );
      return EXIT.ok;
    }
    const changed = await q.forget(rows);
    logger.info(
      {
        action: 'resync',
        entity,
        shop,
        externalIds: unique,
        by: io.env['USER'] ?? io.env['LOGNAME'] ?? 'unknown user',
      },
      `resync: forgot ${changed} ${noun} hash(es)`,
    );
    io.stdout.write(`forgot what was last sent for ${changed} ${noun}(s); ${effect}:\n${list}\n`);
    return EXIT.ok;
  });
}
