/**
 * A read started before its consumer is ready: `open` is called at once and its items are pulled
 * into a buffer of up to `max`, while the run does other things (issue 19: API X's prices are
 * read while the run still talks to Shopify and syncs categories, time that was spent before the
 * first price request). The buffer bounds memory whatever the catalogue's size; once it is full
 * the read waits for the consumer, as an ordinary read would (the consumer takes what is buffered
 * at once, so up to twice `max` items are held while it works through them).
 *
 * `items(signal)` may be taken once; it yields what was buffered, then the rest as it comes, and
 * throws the read's failure where it happened (after the items read before it), or `signal`'s
 * reason as soon as it aborts (the consumer's step may stop while the read goes on). `stop()`
 * ends the read (the signal given to `open` aborts) and resolves once nothing is in flight any
 * more: call it whether or not the items were consumed, so that no request outlives the step.
 */
export interface ReadAhead<T> {
  items(signal: AbortSignal): AsyncIterable<T>;
  stop(): Promise<void>;
}

const NOTHING = (): void => {};

export function readAhead<T>(
  open: (signal: AbortSignal) => AsyncIterable<T>,
  options: { readonly max: number; readonly signal: AbortSignal },
): ReadAhead<T> {
  if (!Number.isInteger(options.max) || options.max < 1)
    throw new RangeError(`max must be a positive integer, got ${options.max}`);
  const stopping = new AbortController();
  const signal = AbortSignal.any([options.signal, stopping.signal]);
  const buffer: T[] = [];
  let ended = false;
  let failure: { error: unknown } | null = null;
  // Whoever waits (the consumer for an item, the pump for room) parks its resolve here and is
  // woken by the other side or by its signal. One abort listener each for the whole read, not
  // one a wait: the consumer may wait once an item (30k prices), and listeners are not free.
  let wakeConsumer = NOTHING;
  let wakePump = NOTHING;
  const park = (set: (wake: () => void) => void) =>
    new Promise<void>((resolve) =>
      set(() => {
        set(NOTHING);
        resolve();
      }),
    );
  const onStop = () => wakePump();
  signal.addEventListener('abort', onStop, { once: true });

  const pump = (async () => {
    try {
      for await (const item of open(signal)) {
        buffer.push(item);
        wakeConsumer();
        while (buffer.length >= options.max && !signal.aborted)
          await park((wake) => (wakePump = wake));
        // Never a silent end: a consumer still reading learns the read was cut short.
        if (signal.aborted) {
          failure = { error: signal.reason };
          break;
        }
      }
    } catch (error) {
      failure = { error };
    } finally {
      ended = true;
      signal.removeEventListener('abort', onStop);
      wakeConsumer();
    }
  })();

  let taken = false;
  return {
    items(consumer) {
      if (taken) throw new Error('readAhead: items() may be taken once');
      taken = true;
      return {
        async *[Symbol.asyncIterator]() {
          const onAbort = () => wakeConsumer();
          consumer.addEventListener('abort', onAbort, { once: true });
          try {
            for (;;) {
              consumer.throwIfAborted();
              if (buffer.length > 0) {
                const batch = buffer.splice(0, buffer.length);
                wakePump();
                yield* batch;
              } else if (ended) {
                if (failure !== null) throw failure.error;
                return;
              } else await park((wake) => (wakeConsumer = wake));
            }
          } finally {
            consumer.removeEventListener('abort', onAbort);
          }
        },
      };
    },
    async stop() {
      stopping.abort(new Error('the read ahead was stopped'));
      await pump;
      buffer.length = 0;
    },
  };
}
