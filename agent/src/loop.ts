/**
 * The pass loop the provider agent and the compute validator share: one pass at a time, the next `pollMs` after the
 * last one ended; a failing pass is reported and the loop goes on; `stop` waits for the pass in progress.
 */
export class PassLoop {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  /**
   * Starts running `pass` every `pollMs`; `onError` receives what a failing pass threw.
   *
   * @example
   * ```ts
   * loop.start(() => agent.runOnce(), 2000, (e) => logger.error(e));
   * ```
   */
  start(pass: () => Promise<unknown>, pollMs: number, onError: (error: unknown) => void): void {
    this.#stopped = false;
    const tick = async () => {
      if (this.#stopped) return;
      this.#running = pass().then(() => undefined, onError);
      await this.#running;
      if (!this.#stopped) this.#timer = setTimeout(() => void tick(), pollMs);
    };
    void tick();
  }

  /** Stops after the pass in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }
}
