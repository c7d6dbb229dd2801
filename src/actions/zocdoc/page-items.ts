/**
 * Reads a value at a path inside a JSON body. A page's items are handed to the executor
 * as found, not defaulted to `[]`: an answer without its list is then reported as an
 * invalid response instead of passing for an empty page.
 */
export function valueAt(body: unknown, ...path: string[]): unknown {
  let value = body;
  for (const key of path) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

export function listAt(...path: string[]): (body: unknown) => unknown[] {
  return (body) => valueAt(body, ...path) as unknown[];
}
