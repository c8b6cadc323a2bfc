import type { OrderCursors } from './order-cursors.js';
import type { OrderDestroyed } from './order-source.js';

/** An order found deleted in Shopify, with what API X had of it when it was marked. */
export interface DeletedOrder {
  readonly shopifyId: string;
  readonly name: string;
  /** API X's reference when API X received some version of it, else null. */
  readonly apixReference: string | null;
  readonly pushedVersion: number | null;
  /** The push state it had: `pending`/`failed` mean a change of it never reached API X. */
  readonly previousState: string;
  /**
   * The version a push of it had in flight (sent, no answer recorded), else null: API X may hold
   * that version though no reference was recorded.
   */
  readonly inflightVersion: number | null;
}

/** Orders deleted in Shopify: the deletions stream's cursor and the marks. */
export interface OrderDeletions extends OrderCursors {
  /**
   * Marks these orders deleted in Shopify (state `deleted`: never pushed again), keeps a
   * tombstone of each, stored or not (a later page holding one leaves it out: `storePage`), and
   * moves the stream's cursor, in one transaction. Returns the orders newly marked; ids not
   * stored, or already marked, are left out.
   */
  markDeleted(
    destroyed: readonly OrderDestroyed[],
    stream: string,
    cursor: string,
  ): Promise<readonly DeletedOrder[]>;
}
