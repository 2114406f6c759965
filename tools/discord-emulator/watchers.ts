import { EmulatorError } from './errors.js';

interface Watch<T> {
  predicate: (item: T) => boolean;
  resolve: (item: T) => void;
  timer: NodeJS.Timeout;
}

/**
 * Waits for the first item that matches a predicate: each `notify` offers an item to every
 * waiting predicate; a wait that nothing matches in time fails with `wait_timeout`.
 */
export class Watchers<T> {
  private watches: Watch<T>[] = [];

  constructor(private readonly what: string) {}

  /** Resolves with the next notified item matching `predicate`. */
  wait(predicate: (item: T) => boolean, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const watch: Watch<T> = {
        predicate,
        resolve,
        timer: setTimeout(() => {
          this.watches = this.watches.filter((w) => w !== watch);
          reject(new EmulatorError('wait_timeout', `no matching ${this.what} in ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.watches.push(watch);
    });
  }

  /** Offers an item to the waiting predicates; cheap when nobody waits. */
  notify(item: T): void {
    if (this.watches.length === 0) return;
    this.watches = this.watches.filter((watch) => {
      if (!watch.predicate(item)) return true;
      clearTimeout(watch.timer);
      watch.resolve(item);
      return false;
    });
  }
}
