/**
 * Records addressed by id: a computed range (record i = generate(i, version)) plus the few ids a
 * test edited, added or removed. Listing walks ids in ascending order lazily, so paging through
 * 100,000 computed records holds none of them.
 */
export interface KeyedCollection<R> {
  /** The current record, or undefined when it does not exist (never existed or removed). */
  get(id: string): R | undefined;
  /** Replaces (or adds) a record verbatim; a later `bump` does not touch it. */
  set(id: string, record: R): void;
  remove(id: string): boolean;
  /** A new version of a computed record, stamped with `updatedAt`. */
  bump(id: string, updatedAt: string): boolean;
  /** Ids in ascending order strictly after `after` (null: from the start); removed ids included. */
  idsAfter(after: string | null): Generator<string>;
  exists(id: string): boolean;
  /** Number of computed ids; grows with `grow`. */
  computedCount(): number;
  grow(n: number): string[];
  isRemoved(id: string): boolean;
  liveCount(): number;
}

export interface ComputedRange<R> {
  readonly initialCount: number;
  idOf(index: number): string;
  indexOf(id: string): number | null;
  generate(index: number, version: number, updatedAt: string | null): R;
}

function lowerBound(count: number, keyAt: (i: number) => string, after: string): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keyAt(mid) <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function createKeyedCollection<R>(range: ComputedRange<R>): KeyedCollection<R> {
  let count = range.initialCount;
  const versions = new Map<string, { version: number; updatedAt: string }>();
  const overrides = new Map<string, R>();
  const extraIds: string[] = []; // sorted; ids outside the computed range
  const removed = new Set<string>();

  const computedIndex = (id: string): number | null => {
    const i = range.indexOf(id);
    return i !== null && i >= 0 && i < count ? i : null;
  };
  const exists = (id: string): boolean =>
    !removed.has(id) && (overrides.has(id) || computedIndex(id) !== null);

  return {
    get(id) {
      if (removed.has(id)) return undefined;
      const override = overrides.get(id);
      if (override !== undefined) return override;
      const i = computedIndex(id);
      if (i === null) return undefined;
      const v = versions.get(id);
      return range.generate(i, v?.version ?? 0, v?.updatedAt ?? null);
    },
    set(id, record) {
      overrides.set(id, record);
      removed.delete(id);
      if (computedIndex(id) === null && !extraIds.includes(id)) {
        extraIds.splice(
          lowerBound(extraIds.length, (i) => extraIds[i] ?? '', id),
          0,
          id,
        );
      }
    },
    remove(id) {
      if (!exists(id)) return false;
      removed.add(id);
      return true;
    },
    bump(id, updatedAt) {
      if (!exists(id) || computedIndex(id) === null) return false;
      versions.set(id, { version: (versions.get(id)?.version ?? 0) + 1, updatedAt });
      return true;
    },
    *idsAfter(after) {
      let g = after === null ? 0 : lowerBound(count, (i) => range.idOf(i), after);
      let e = after === null ? 0 : lowerBound(extraIds.length, (i) => extraIds[i] ?? '', after);
      while (g < count || e < extraIds.length) {
        const generated = g < count ? range.idOf(g) : null;
        const extra = extraIds[e];
        if (extra !== undefined && (generated === null || extra < generated)) {
          e += 1;
          // An extra id that the computed range later grew over is listed once, as computed.
          if (computedIndex(extra) === null) yield extra;
        } else if (generated !== null) {
          g += 1;
          yield generated;
        }
      }
    },
    exists,
    computedCount: () => count,
    grow(n) {
      const ids = Array.from({ length: n }, (_, k) => range.idOf(count + k));
      count += n;
      return ids;
    },
    isRemoved: (id) => removed.has(id),
    liveCount() {
      let n = count;
      for (const id of extraIds) if (computedIndex(id) === null) n += 1;
      for (const id of removed) if (overrides.has(id) || computedIndex(id) !== null) n -= 1;
      return n;
    },
  };
}
