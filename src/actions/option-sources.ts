import type { z } from 'zod';

/** One choice in a dropdown: what to store, and what a person reads. */
export interface Option {
  value: string;
  label: string;
}

/**
 * Where a field's choices come from (input fields name it with `x-options` in their
 * JSON Schema). A source is an ordinary catalog action run through the connection, plus
 * how to turn its output into options: no separate API client, no separate errors.
 */
export interface OptionSource {
  key: string;
  connector: string;
  title: string;
  /** Query parameters the source needs (e.g. a ZIP code to search near). */
  params: z.ZodType;
  action: string;
  input(params: never): Record<string, unknown>;
  options(output: unknown): Option[];
}

export function defineOptionSource<Params extends z.ZodType>(
  source: Omit<OptionSource, 'params' | 'input'> & {
    params: Params;
    input(params: z.infer<Params>): Record<string, unknown>;
  },
): OptionSource {
  return source as OptionSource;
}
