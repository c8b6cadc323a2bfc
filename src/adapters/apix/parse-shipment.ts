import type { Parsed } from '../../domain/model/record-error.js';
import type { Shipment } from '../../domain/model/shipment.js';
import { parseRecord } from './parse-catalog-records.js';
import {
  FieldProblem,
  readArray,
  readId,
  readName,
  readObject,
  readOptionalId,
  readTimestamp,
} from './record-fields.js';

function readUrl(value: unknown, field: string): string | null {
  if (value === null || value === undefined) return null;
  const text = readName(value, field, 2048);
  try {
    const url = new URL(text);
    if (url.protocol === 'https:' || url.protocol === 'http:') return text;
  } catch {
    // reported below
  }
  // Shopify needs "a scheme (`https`) and a host" (FulfillmentTrackingInput.url).
  throw new FieldProblem(field, `must be an http(s) URL, got ${JSON.stringify(text)}`);
}

/** One shipment of GET /v1/shipments (docs/api-x.openapi.yaml, `Shipment`). */
export function parseShipment(raw: unknown, index = 0): Parsed<Shipment> {
  return parseRecord('shipment', 'id', raw, index, (f) => {
    const id = readId(f['id'], 'id');
    const orderId = readOptionalId(f['orderExternalId'], 'orderExternalId');
    const orderReference = readOptionalId(f['orderReference'], 'orderReference');
    if (orderId === null && orderReference === null)
      throw new FieldProblem(
        'orderExternalId',
        'neither orderExternalId nor orderReference is set',
      );
    const rawLines = readArray(f['lines'], 'lines');
    if (rawLines.length === 0) throw new FieldProblem('lines', 'must list at least one line');
    const lines = rawLines.map((raw, i) => {
      const line = readObject(raw, `lines[${i}]`);
      const quantity = line['quantity'];
      if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1)
        throw new FieldProblem(`lines[${i}].quantity`, 'must be a positive integer');
      return { lineItemId: readId(line['lineExternalId'], `lines[${i}].lineExternalId`), quantity };
    });
    const trackingNumbers = readArray(f['trackingNumbers'] ?? [], 'trackingNumbers').map((n, i) =>
      readId(n, `trackingNumbers[${i}]`),
    );
    if (new Set(trackingNumbers).size !== trackingNumbers.length)
      throw new FieldProblem('trackingNumbers', 'lists a tracking number twice');
    const status = f['status'];
    if (status !== 'shipped' && status !== 'cancelled')
      throw new FieldProblem(
        'status',
        `must be shipped or cancelled, got ${JSON.stringify(status)}`,
      );
    const carrier = f['carrier'];
    return {
      id,
      orderId,
      orderReference,
      warehouseId: readOptionalId(f['warehouseId'], 'warehouseId'),
      locationId: readOptionalId(f['shopifyLocationId'], 'shopifyLocationId'),
      lines,
      carrier: carrier === null || carrier === undefined ? null : readName(carrier, 'carrier'),
      trackingNumbers,
      trackingUrl: readUrl(f['trackingUrl'], 'trackingUrl'),
      shippedAt: readTimestamp(f['shippedAt'], 'shippedAt'),
      cancelled: status === 'cancelled',
      updatedAt: readTimestamp(f['updatedAt'], 'updatedAt'),
    };
  });
}
