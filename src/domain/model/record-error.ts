/** Which kind of record a per-record failure is about. */
export type Entity = 'category' | 'product' | 'variant' | 'price' | 'order' | 'shipment' | 'stock';

/**
 * One record that could not be processed, kept with enough to find and fix it: the record's id,
 * the field at fault (when one is), a reason a person can act on, and the payload as received.
 */
export interface RecordError {
  readonly entity: Entity;
  readonly externalId: string;
  readonly field: string | null;
  readonly reason: string;
  readonly payload: unknown;
}

/** A record read from outside: either valid, or a RecordError saying why not. */
export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RecordError };
