/**
 * Cursor pages as API X serves them (docs/api-x.openapi.yaml): an opaque cursor naming the
 * position after the last record served, 400 `invalid_cursor` for one it did not issue.
 */
import type { ApixEntity } from './apix-records.js';

export interface PageRequest {
  readonly limit: number;
  readonly cursor: string | null;
  readonly updatedSinceMs: number | null;
}

export interface Page {
  readonly data: readonly unknown[];
  readonly nextCursor: string | null;
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new InvalidCursorError('cursor is not one this API issued');
}

export function cursorString(position: Record<string, unknown>, key: string): string {
  const v = position[key];
  if (typeof v !== 'string') throw new InvalidCursorError('cursor is not one this API issued');
  return v;
}

/**
 * One page of `entries` (in listing order, each with its cursor position), skipping records not
 * updated since `updatedSinceMs`; `served` gives the record as served (corruptions applied).
 */
export function takePage(
  entries: Iterable<{
    position: Record<string, unknown>;
    id: string;
    record: { updatedAt: string };
  }>,
  entity: ApixEntity,
  request: PageRequest,
  served: (entity: ApixEntity, id: string, record: object) => unknown,
): Page {
  const data: unknown[] = [];
  let last: Record<string, unknown> | null = null;
  for (const entry of entries) {
    if (
      request.updatedSinceMs !== null &&
      Date.parse(entry.record.updatedAt) < request.updatedSinceMs
    )
      continue;
    // One record past the page tells whether there is a next page.
    if (data.length === request.limit) return { data, nextCursor: encodeCursor(last) };
    data.push(served(entity, entry.id, entry.record));
    last = entry.position;
  }
  return { data, nextCursor: null };
}
