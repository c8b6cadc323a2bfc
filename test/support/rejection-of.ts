/**
 * What `promise` rejects with, or null when it resolves: the test asserts on the error itself,
 * which assert.throws cannot do for a promise.
 */
export function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (error: unknown) => error,
  );
}
