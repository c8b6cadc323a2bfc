/**
 * The items of `source` in arrays of `size` (the last one shorter, none empty). The next item is
 * read only once the caller has taken the batch before: a result file is applied a batch at a
 * time while it downloads, and memory holds one batch.
 */
export async function* inBatches<T>(source: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of source) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
