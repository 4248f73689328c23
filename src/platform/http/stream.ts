import { Readable } from 'node:stream';

/**
 * A generator's output as a response body, its first chunk read before the answer starts: a
 * query that fails (a missing row, a bad filter) still gets a status and the error shape
 * rather than a 200 that breaks off.
 */
export async function startedStream<T extends string | Uint8Array>(
  chunks: AsyncGenerator<T>,
): Promise<Readable> {
  const first = await chunks.next();
  async function* rest() {
    if (first.done) return;
    yield first.value;
    yield* chunks;
  }
  return Readable.from(rest());
}
