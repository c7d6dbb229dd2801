/**
 * The sandbox's effective clock: the injected clock plus an operator-set offset
 * (PUT /_sandbox/clock). Everything that reads "now" (tokens, availability, timestamps,
 * the lifecycle, rate limits) reads this one, so moving it moves the whole sandbox, e.g. to
 * make an appointment old enough for a no-show. The offset is held here, per sandbox,
 * never globally.
 */
export interface SandboxClock {
  /** The effective now: injected clock + offset. */
  now(): Date;
  /** The injected clock alone. */
  base(): Date;
  offsetMs(): number;
  setOffset(ms: number): void;
  /** Sets the offset so that `now()` is `at` at this moment of the injected clock. */
  setNow(at: Date): void;
  reset(): void;
}

export function createSandboxClock(base: () => Date): SandboxClock {
  let offset = 0;
  return {
    now: () => new Date(base().getTime() + offset),
    base,
    offsetMs: () => offset,
    setOffset(ms) {
      offset = ms;
    },
    setNow(at) {
      offset = at.getTime() - base().getTime();
    },
    reset() {
      offset = 0;
    },
  };
}
