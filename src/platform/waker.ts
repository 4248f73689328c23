/**
 * The pause of a polling loop (a worker's fetch, the notification dispatcher), ended early by a
 * wake-up when there is news. A wake-up that comes while the loop is busy (its fetch in flight,
 * which may have looked before the news was committed) is kept, and the loop's next pause ends at
 * once: otherwise the news waits a whole poll. A timer of its own rather than a library's: what
 * matters here is that one missed case, a few lines.
 */
export class Waker {
  private readonly sleepers = new Set<() => void>();
  private kept = false;

  /** Ends the pause now, or the next one at once when the loop is not pausing. */
  wake(): void {
    if (this.sleepers.size === 0) {
      this.kept = true;
      return;
    }
    for (const wake of [...this.sleepers]) wake();
  }

  /** Waits `ms`, or until woken (at once when a wake-up came since the last pause). */
  pause(ms: number): Promise<void> {
    if (this.kept) {
      this.kept = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }
}
