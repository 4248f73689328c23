/**
 * A polling loop's pause: news ends it early, and news that came while the loop was busy ends
 * its next pause at once (once), so a job or a notification never waits a whole poll for it.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { Waker } from './waker.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Whether the pause has ended once pending callbacks have run. */
async function ended(pause: Promise<void>): Promise<boolean> {
  let done = false;
  void pause.then(() => {
    done = true;
  });
  await vi.advanceTimersByTimeAsync(0);
  return done;
}

it('waits its time when nothing wakes it', async () => {
  const pause = new Waker().pause(60_000);
  await vi.advanceTimersByTimeAsync(59_999);
  expect(await ended(pause)).toBe(false);
  await vi.advanceTimersByTimeAsync(1);
  expect(await ended(pause)).toBe(true);
});

it('ends a pause under way when woken', async () => {
  const waker = new Waker();
  const pause = waker.pause(60_000);
  await vi.advanceTimersByTimeAsync(1_000);
  expect(await ended(pause)).toBe(false);
  waker.wake();
  expect(await ended(pause)).toBe(true);
});

it('keeps a wake-up that came while the loop was busy for its next pause, once', async () => {
  const waker = new Waker();
  waker.wake();
  waker.wake();
  expect(await ended(waker.pause(60_000))).toBe(true);
  // Kept once: the pause after it waits again.
  const next = waker.pause(60_000);
  await vi.advanceTimersByTimeAsync(30_000);
  expect(await ended(next)).toBe(false);
});

it('is not kept by a wake-up that ended a pause', async () => {
  const waker = new Waker();
  const pause = waker.pause(60_000);
  waker.wake();
  expect(await ended(pause)).toBe(true);
  const next = waker.pause(60_000);
  await vi.advanceTimersByTimeAsync(30_000);
  expect(await ended(next)).toBe(false);
});
