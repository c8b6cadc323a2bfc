import type { BulkChunks } from '../../../src/domain/ports/bulk-chunks.js';

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
