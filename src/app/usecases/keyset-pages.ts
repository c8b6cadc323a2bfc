/**
 * The pages of a keyset-paged read, in order: each read starts after the key of the last row of
 * the page before, until one comes back empty. A page is read only when the one before has been
 * taken (the caller writes it first), so what the caller changes on a page is already written
 * when the next is read.
 */
export async function* keysetPages<T, K>(
  first: K,
  read: (after: K) => Promise<readonly T[]>,
  keyOf: (row: T) => K,
): AsyncGenerator<readonly T[]> {
  let after = first;
  for (;;) {
    const page = await read(after);
    const last = page[page.length - 1];
    if (last === undefined) return;
    after = keyOf(last);
    yield page;
  }
}
