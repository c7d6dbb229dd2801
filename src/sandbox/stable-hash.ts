/**
 * FNV-1a, 32-bit: a tiny deterministic string hash, so seeded choices (which plans a
 * provider location takes, review numbers) are stable across runs and machines without a
 * random generator or any stored state.
 */
export function stableHash(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Code-unit order (what `Array.prototype.sort()` does): locale-independent, so ids page stably. */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
