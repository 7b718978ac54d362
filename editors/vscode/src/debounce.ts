// Runs the newest of a burst of calls once the burst is over, and aborts a run that a newer one
// supersedes: live search starts one chatlog process for what was typed last, not one per key.

export class Debouncer<T> {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: AbortController | undefined;
  private generation = 0;

  constructor(
    private readonly delayMs: number,
    private readonly run: (value: T, signal: AbortSignal) => Promise<void>,
  ) {}

  /** Schedules a run for this value, replacing any scheduled or running one. */
  push(value: T): void {
    this.cancel();
    const generation = this.generation;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (generation !== this.generation) {
        return;
      }
      const controller = new AbortController();
      this.running = controller;
      void this.run(value, controller.signal).finally(() => {
        if (this.running === controller) {
          this.running = undefined;
        }
      });
    }, this.delayMs);
  }

  /** Drops the scheduled run and aborts the running one. */
  cancel(): void {
    this.generation++;
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.running) {
      this.running.abort();
      this.running = undefined;
    }
  }
}
