import type { ShipmentSource } from '../../domain/ports/shipment-source.js';
import type { ApixHttp } from './apix-http.js';
import { contractViolation, readPage } from './apix-catalog-source.js';
import { parseShipment } from './parse-shipment.js';

const PATH = '/v1/shipments';

/** The latest parseable `updatedAt` of a page's raw records, as an ISO instant. */
function lastUpdatedAt(data: readonly unknown[]): string | null {
  let latest: number | null = null;
  for (const item of data) {
    const at =
      typeof item === 'object' && item !== null
        ? Date.parse(String((item as Record<string, unknown>)['updatedAt']))
        : NaN;
    if (!Number.isNaN(at) && (latest === null || at > latest)) latest = at;
  }
  return latest === null ? null : new Date(latest).toISOString();
}

/** GET /v1/shipments, page by page, each record parsed on its own. */
export function createApixShipmentSource(
  http: ApixHttp,
  options: { readonly pageSize: number },
): ShipmentSource {
  return {
    async *pages(updatedSince, signal) {
      let cursor: string | null = null;
      for (;;) {
        const params: Record<string, string | number> = { limit: options.pageSize };
        if (cursor !== null) params['cursor'] = cursor;
        if (updatedSince !== null) params['updatedSince'] = updatedSince;
        const response = await http.client.get<unknown>(PATH, { params, signal });
        const page = readPage(response.data, PATH);
        if (page.nextCursor !== null && page.nextCursor === cursor)
          throw contractViolation(
            PATH,
            'returned the same cursor twice (the read would never end)',
          );
        yield {
          records: page.data.map((raw, i) => parseShipment(raw, i)),
          lastUpdatedAt: lastUpdatedAt(page.data),
        };
        if (page.nextCursor === null) return;
        cursor = page.nextCursor;
      }
    },
  };
}
