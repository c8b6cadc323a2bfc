/** The JSONL layout of a bulk query's result file. */

/** Flattens an export result into JSONL objects: nested connection nodes carry `__parentId`. */
export function flattenExport(
  data: Record<string, unknown> | null | undefined,
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const nodesOf = (conn: Record<string, unknown>): Record<string, unknown>[] => {
    if (Array.isArray(conn['nodes'])) return conn['nodes'] as Record<string, unknown>[];
    if (Array.isArray(conn['edges']))
      return (conn['edges'] as { node: Record<string, unknown> }[]).map((e) => e.node);
    return [];
  };
  const isConnection = (v: unknown): v is Record<string, unknown> =>
    !!v &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    (Array.isArray((v as Record<string, unknown>)['edges']) ||
      Array.isArray((v as Record<string, unknown>)['nodes']));
  /**
   * A node's fields without its connections, which are collected into `children` wherever they
   * sit: directly on the node (variants on products) or inside an object field (a variant's
   * `inventoryItem { inventoryLevels }`). "You can also nest connections" and each nested object
   * is its own line naming its parent in `__parentId`
   * (https://shopify.dev/docs/api/usage/bulk-operations/queries); the docs do not say which
   * ancestor a connection under an object field names, so the simulator names the nearest node
   * of a connection (the variant), and clients must not depend on the other reading either.
   */
  const strip = (
    value: Record<string, unknown>,
    children: Record<string, unknown>[],
  ): Record<string, unknown> => {
    const own: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (isConnection(v)) children.push(v);
      else if (v && typeof v === 'object' && !Array.isArray(v))
        own[k] = strip(v as Record<string, unknown>, children);
      else own[k] = v;
    }
    return own;
  };
  const emit = (node: Record<string, unknown>, parentId: unknown): void => {
    const children: Record<string, unknown>[] = [];
    const own = strip(node, children);
    if (parentId !== undefined) own['__parentId'] = parentId;
    out.push(own);
    for (const c of children) for (const n of nodesOf(c)) emit(n, node['id']);
  };
  for (const root of Object.values(data ?? {})) {
    if (isConnection(root)) for (const n of nodesOf(root)) emit(n, undefined);
  }
  return out;
}

/**
 * Shopify only promises "each child directly below its parent" with `groupObjects: true`; the
 * ungrouped default promises nothing about where child rows land. The simulator makes that
 * visible: roots first, then every child row, last first (so a child never follows its parent
 * directly and a reader that assumes grouping goes wrong).
 */
export function ungroup(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  const roots = rows.filter((r) => !('__parentId' in r));
  const children = rows.filter((r) => '__parentId' in r).reverse();
  return [...roots, ...children];
}
