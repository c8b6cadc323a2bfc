import type { BulkChunks } from '../../../src/domain/ports/bulk-chunks.js';
import type { ChangedProduct } from '../../../src/domain/ports/product-changes.js';

/** BulkChunks of a run that sends no bulk file: nothing is assigned, nothing was sent unrecorded. */
export const noBulkChunks: BulkChunks = {
  async assignBulkChunk() {
    return { lines: 0, lastExternalId: null };
  },
  async bulkChunk() {
    return [];
  },
  async productsAtBulkLines() {
    return new Map();
  },
  async productsSentInBulkUnrecorded() {
    return new Set();
  },
};

/**
 * BulkChunks over changed products in memory: a chunk is the next products after the keyset,
 * `bytesPerLine` each against `maxBytes`, at most `maxLines`, held-back products left out; a
 * line keeps its product until the test reads it back.
 */
export function createFakeBulkChunks(
  changed: readonly ChangedProduct[],
  options: { readonly bytesPerLine?: number; readonly heldBack?: ReadonlySet<string> } = {},
) {
  const sorted = [...changed].sort((a, b) => a.externalId.localeCompare(b.externalId));
  let lines: ChangedProduct[] = [];
  const chunks: number[] = [];
  const bulkChunks: BulkChunks = {
    async assignBulkChunk(after, maxBytes, maxLines) {
      const next = sorted.filter(
        (p) => (after === null || p.externalId > after) && !options.heldBack?.has(p.externalId),
      );
      const fit = Math.max(1, Math.floor(maxBytes / (options.bytesPerLine ?? 1000)));
      lines = next.slice(0, Math.min(fit, maxLines ?? Infinity));
      if (lines.length > 0) chunks.push(lines.length);
      return { lines: lines.length, lastExternalId: lines[lines.length - 1]?.externalId ?? null };
    },
    async bulkChunk(afterLine, limit) {
      return lines.slice(afterLine, afterLine + limit).map((p, i) => ({
        ...p,
        bulkLine: afterLine + i + 1,
      }));
    },
    async productsAtBulkLines(numbers) {
      return new Map(
        numbers.flatMap((n) => {
          const p = lines[n - 1];
          return p ? [[n, { ...p, bulkLine: n }] as const] : [];
        }),
      );
    },
    async productsSentInBulkUnrecorded() {
      return new Set();
    },
  };
  return { bulkChunks, chunks };
}
