/** A plain-text table for a terminal: left-aligned columns, two spaces apart, a dashed rule under the header. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    widths
      .map((w, i) => (cells[i] ?? '').padEnd(w))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** One line of text, cut to `max` characters (reasons can be long JSON). */
export function clip(text: string | null | undefined, max: number): string {
  if (!text) return '';
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** `{ product: { created: 3, unchanged: 97 } }` as `product 3 created, 97 unchanged`. */
export function formatCounts(
  counts: Readonly<Record<string, Readonly<Record<string, number | undefined>>>>,
): string {
  return Object.entries(counts)
    .map(([entity, results]) => {
      const parts = Object.entries(results)
        .filter(([, n]) => n !== undefined && n > 0)
        .map(([result, n]) => `${n} ${result}`);
      return parts.length ? `${entity} ${parts.join(', ')}` : '';
    })
    .filter(Boolean)
    .join('; ');
}
