import type {
  UnpublishedProduct,
  UnpublishedProducts,
} from '../../../src/domain/ports/unpublished-products.js';

/**
 * Products written and still to be published, in memory, as the Postgres store keeps them:
 * ordered by external id, numbered for a bulk file, forgotten when published under the same id.
 */
export function createFakeUnpublishedProducts(initial: readonly UnpublishedProduct[] = []) {
  const rows = new Map<string, UnpublishedProduct & { line: number | null }>(
    initial.map((p) => [p.externalId, { ...p, line: null }]),
  );
  const sorted = () => [...rows.values()].sort((a, b) => a.externalId.localeCompare(b.externalId));
  const plain = ({ externalId, productId }: UnpublishedProduct) => ({ externalId, productId });
  const store: UnpublishedProducts = {
    async countUnpublished() {
      return rows.size;
    },
    async unpublishedPage(after, limit) {
      return sorted()
        .filter((p) => after === null || p.externalId > after)
        .slice(0, limit)
        .map(plain);
    },
    async numberUnpublishedLines() {
      sorted().forEach((p, i) => (p.line = i + 1));
      return rows.size;
    },
    async unpublishedLines(afterLine, limit) {
      return sorted()
        .filter((p) => p.line !== null && p.line > afterLine)
        .sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
        .slice(0, limit)
        .map((p) => ({ ...plain(p), line: p.line ?? 0 }));
    },
    async unpublishedAtLines(lines) {
      const wanted = new Set(lines);
      return new Map(
        sorted()
          .filter((p) => p.line !== null && wanted.has(p.line))
          .map((p) => [p.line ?? 0, plain(p)]),
      );
    },
    async markPublished(products) {
      for (const p of products)
        if (rows.get(p.externalId)?.productId === p.productId) rows.delete(p.externalId);
    },
  };
  return { store, waiting: () => sorted().map((p) => p.externalId) };
}
