/** The same server's URL with another database: the demo's own database, a test file's own one. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = '/' + database;
  return u.toString();
}
