/** Where each order stream (sync_cursors) was last read to; cursors only move forward. */
export interface OrderCursors {
  cursor(stream: string): Promise<string | null>;
}
