/**
 * Overlaps fetching a provider's next page with storing the current one: while the consumer
 * works on item N, item N+1 is already being read. Never more than one item ahead, so memory
 * stays at two pages whatever the window's length. Items and errors arrive in the source's order
 * (a failed read of N+1 surfaces only after N was handed over).
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T, void, undefined> {
  const it = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | null = it.next();
  let finished = false;
  try {
    while (pending) {
      const current: IteratorResult<T> = await pending;
      if (current.done) {
        finished = true;
        return;
      }
      pending = it.next();
      // Held until the consumer asks; if it stops first, the failure is nobody's to report.
      pending.catch(() => undefined);
      yield current.value;
    }
  } finally {
    // The consumer stopped early (break, throw, deadline): let the source release what it holds.
    if (!finished) void it.return?.(undefined)?.catch(() => undefined);
  }
}
