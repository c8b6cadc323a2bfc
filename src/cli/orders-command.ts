import {
  createOperatorOrders,
  RETRYABLE_STATES,
  type OrderRow,
} from '../adapters/postgres/operator-orders.js';
import { shipmentsOfOrder } from '../adapters/postgres/operator-shipments.js';
import type { ShipmentRecord } from '../domain/model/shipment.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../domain/ports/logger.js';
import type { OrdersArgs } from './commands.js';
import { withOperatorPool } from '../composition-root.js';
import { EXIT } from './exit-codes.js';
import { operatorShop } from './operator-shop.js';
import type { CommandIo } from './command-spec.js';
import { clip, formatTable } from './text-table.js';

/** `orders show <order>` and `orders retry <order>... | --all-dead`, each answering unknown ids by name. */
export async function runOrdersCommand(
  parsed: OrdersArgs,
  config: Config,
  logger: Logger,
  io: CommandIo,
): Promise<number> {
  const [action, ...refs] = parsed.positionals;
  const fail = (message: string, code: number = EXIT.failed) => {
    io.stderr.write(`integration-service: ${message}\n`);
    return code;
  };
  const shop = operatorShop(parsed, config);
  if (action === 'show') {
    if (refs.length !== 1)
      return fail('orders show takes exactly one order (GID, numeric id or name)', EXIT.usage);
    return withOperatorPool(config, logger, async (pool) => {
      const q = createOperatorOrders(pool);
      const resolved = await resolveOne(q, refs, shop);
      if (typeof resolved === 'string') return fail(resolved);
      const attempts = await q.pushHistory(resolved.shop, resolved.shopifyId);
      const shipments = await shipmentsOfOrder(pool, resolved.shop, resolved.shopifyId);
      if (parsed.flags['json'] === true)
        io.stdout.write(JSON.stringify({ order: resolved, attempts, shipments }) + '\n');
      else io.stdout.write(formatOrder(resolved, attempts, shipments) + '\n');
      return EXIT.ok;
    });
  }
  if (action === 'retry') {
    const allDead = parsed.flags['all-dead'] === true;
    if (allDead === refs.length > 0)
      return fail('orders retry takes order ids or --all-dead (one of the two)', EXIT.usage);
    const dryRun = parsed.flags['dry-run'] === true;
    return withOperatorPool(config, logger, async (pool) => {
      const q = createOperatorOrders(pool);
      let targets: OrderRow[];
      if (allDead) targets = await q.dead(shop);
      else {
        const found = await resolveMany(q, refs, shop);
        if (typeof found === 'string') return fail(found);
        const stuck = found.filter((o) => !RETRYABLE_STATES.includes(o.pushState));
        if (stuck.length > 0) {
          return fail(
            `nothing changed: ${stuck.map((o) => `${o.name} (${o.shopifyId}) is ${o.pushState}`).join('; ')}; only ${RETRYABLE_STATES.join(', ')} orders can be retried`,
          );
        }
        targets = found;
      }
      if (targets.length === 0) {
        io.stdout.write(`no dead orders${shop ? ` in ${shop}` : ''}: nothing to retry\n`);
        return EXIT.ok;
      }
      const list = targets
        .map(
          (o) =>
            `  ${o.shop}  ${o.name}  ${o.shopifyId}  ${o.pushState}, ${o.attempts} attempts  ${clip(o.lastError, 80)}`,
        )
        .join('\n');
      if (dryRun) {
        io.stdout.write(
          `dry run: would make ${targets.length} order(s) due now with a fresh attempt budget (nothing changed):\n${list}\n`,
        );
        return EXIT.ok;
      }
      const who = `${io.env['USER'] ?? io.env['LOGNAME'] ?? 'unknown user'} on ${config.lock.identity}`;
      const changed = await q.retry(targets, who);
      logger.info(
        {
          action: 'orders retry',
          by: who,
          orders: targets.map((o) => ({
            shop: o.shop,
            shopifyId: o.shopifyId,
            name: o.name,
            was: o.pushState,
            attempts: o.attempts,
            lastError: o.lastError,
          })),
        },
        `${changed} order(s) set to pending for retry by ${who}`,
      );
      io.stdout.write(
        `retried ${changed} order(s); the next sync-orders run pushes them:\n${list}\n`,
      );
      if (changed < targets.length)
        io.stdout.write(
          `${targets.length - changed} changed state meanwhile (pushed by a running sync-orders?) and were left alone\n`,
        );
      return EXIT.ok;
    });
  }
  return fail(`orders takes show or retry (got '${action ?? ''}')`, EXIT.usage);
}

async function resolveMany(
  q: ReturnType<typeof createOperatorOrders>,
  refs: readonly string[],
  shop: string | null,
): Promise<OrderRow[] | string> {
  const found = await q.find(refs, shop);
  const missing = refs.filter((r) => (found.get(r) ?? []).length === 0);
  if (missing.length > 0)
    return `no order ${missing.map((r) => `'${r}'`).join(', ')}${shop ? ` in ${shop}` : ''} (looked up by GID, numeric id and name); nothing changed`;
  const ambiguous = refs.filter((r) => new Set((found.get(r) ?? []).map((o) => o.shop)).size > 1);
  if (ambiguous.length > 0)
    return `${ambiguous.map((r) => `'${r}'`).join(', ')} exists in more than one shop: pass --shop`;
  const out = new Map<string, OrderRow>();
  for (const r of refs) for (const o of found.get(r) ?? []) out.set(`${o.shop} ${o.shopifyId}`, o);
  return [...out.values()];
}

async function resolveOne(
  q: ReturnType<typeof createOperatorOrders>,
  refs: readonly string[],
  shop: string | null,
): Promise<OrderRow | string> {
  const found = await resolveMany(q, refs, shop);
  if (typeof found === 'string') return found;
  if (found.length > 1)
    return `'${refs[0] ?? ''}' matches ${found.length} orders (${found.map((o) => o.shopifyId).join(', ')}): use the GID`;
  return found[0] ?? `no order '${refs[0] ?? ''}'`;
}

function formatOrder(
  o: OrderRow,
  attempts: Awaited<ReturnType<ReturnType<typeof createOperatorOrders>['pushHistory']>>,
  shipments: readonly ShipmentRecord[],
): string {
  const fields: [string, string][] = [
    ['order', `${o.name} (${o.shopifyId})`],
    ['shop', o.shop],
    ['push state', o.pushState],
    ['version', `${o.version} (API X has ${o.pushedVersion ?? 'none'})`],
    ['API X reference', o.apixReference ?? '-'],
    ['attempts', String(o.attempts)],
    ['next attempt', ['pending', 'failed'].includes(o.pushState) ? o.nextAttemptAt : '-'],
    ['last error', o.lastError ?? '-'],
    ['updated in Shopify', o.shopifyUpdatedAt],
    ['stored / changed', `${o.createdAt} / ${o.updatedAt}`],
  ];
  const width = Math.max(...fields.map(([k]) => k.length));
  return [
    ...fields.map(([k, v]) => `${k.padEnd(width)}  ${v}`),
    '',
    'Push history',
    attempts.length === 0
      ? '  no attempts yet'
      : formatTable(
          ['at', 'run', 'version', 'kind', 'outcome', 'detail'],
          attempts.map((a) => [
            a.at,
            a.runId ?? '',
            String(a.version),
            a.kind,
            a.outcome,
            clip(a.detail, 100),
          ]),
        ),
    '',
    'Shipments (API X -> Shopify fulfilments)',
    shipments.length === 0
      ? '  none yet'
      : formatTable(
          ['shipment', 'state', 'fulfilment', 'lines', 'tracking', 'API X change', 'detail'],
          shipments.map((s) => [
            s.shipmentId,
            s.state,
            s.fulfillmentId ?? '-',
            s.lines.map((l) => `${l.quantity}x ${l.lineItemId.split('/').pop() ?? ''}`).join(' '),
            s.tracking
              ? [s.tracking.company ?? '', ...s.tracking.numbers].filter(Boolean).join(' ')
              : '-',
            s.apixUpdatedAt,
            clip(s.detail, 80),
          ]),
        ),
  ].join('\n');
}
