/**
 * A small seedable PRNG (mulberry32): the same seed gives the same sequence, so fault
 * injection by rate is reproducible in tests. Not for anything secret.
 */
export interface SeededRandom {
  /** The next number in [0, 1). */
  next(): number;
  reseed(seed: number): void;
}

export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
    reseed(next) {
      state = next >>> 0;
    },
  };
}
