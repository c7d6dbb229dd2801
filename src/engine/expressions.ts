import jsonata from 'jsonata';

/**
 * Input mapping and filters. Expressions are JSONata (a small, well-specified query
 * language for JSON) evaluated over the run's context `{ trigger, steps, run }`.
 */
export interface ExpressionContext {
  trigger: unknown;
  steps: Record<string, unknown>;
  run: { id: string; workflow_id: string; event_id: string };
}

export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

const WHOLE_TEMPLATE = /^\s*\{\{([\s\S]+?)\}\}\s*$/;
const INLINE_TEMPLATE = /\{\{([\s\S]+?)\}\}/g;

/**
 * Replaces templates in a step's input. A string that is one `{{ expr }}` becomes the
 * expression's value, type and all (so an object or number maps through unchanged);
 * templates inside a longer string are interpolated as text. Keys whose value comes
 * out undefined are dropped, so an optional field can be mapped from an optional one.
 */
export async function renderInput(
  value: unknown,
  context: ExpressionContext,
  path = 'input',
): Promise<unknown> {
  if (typeof value === 'string') return renderString(value, context, path);
  if (Array.isArray(value)) {
    return Promise.all(value.map((item, i) => renderInput(item, context, `${path}.${i}`)));
  }
  if (value && typeof value === 'object') {
    const entries = await Promise.all(
      Object.entries(value).map(
        async ([k, v]) => [k, await renderInput(v, context, `${path}.${k}`)] as const,
      ),
    );
    return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
  }
  return value;
}

async function renderString(text: string, context: ExpressionContext, path: string): Promise<unknown> {
  const whole = WHOLE_TEMPLATE.exec(text);
  if (whole) return evaluate(whole[1]!, context, path);
  if (!text.includes('{{')) return text;
  const parts: string[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE_TEMPLATE)) {
    parts.push(text.slice(last, match.index));
    const result = await evaluate(match[1]!, context, path);
    parts.push(
      result === undefined || result === null
        ? ''
        : typeof result === 'string'
          ? result
          : JSON.stringify(result),
    );
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

/** A filter passes only when its expression is exactly `true`; anything else stops the run. */
export async function evaluateFilter(
  expression: string,
  context: ExpressionContext,
  path: string,
): Promise<boolean> {
  return (await evaluate(expression, context, path)) === true;
}

async function evaluate(expression: string, context: ExpressionContext, path: string): Promise<unknown> {
  let compiled: ReturnType<typeof jsonata>;
  try {
    compiled = jsonata(expression.trim());
  } catch (error) {
    throw new ExpressionError(path, `cannot parse "${expression.trim()}": ${(error as Error).message}`);
  }
  try {
    return normalize(await compiled.evaluate(context));
  } catch (error) {
    throw new ExpressionError(path, `cannot evaluate "${expression.trim()}": ${(error as Error).message}`);
  }
}

/** JSONata returns arrays with a hidden `sequence` flag; hand plain JSON onwards. */
function normalize(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/**
 * Syntax errors of every `{{ }}` template in a step's input, with the path of the value
 * that holds it: a workflow with a typo is refused when it is saved, not when it runs.
 */
export function templateSyntaxErrors(
  value: unknown,
  path: Array<string | number>,
): Array<{ path: Array<string | number>; message: string }> {
  if (typeof value === 'string') {
    return [...value.matchAll(INLINE_TEMPLATE)].flatMap((match) => {
      const error = expressionSyntaxError(match[1]!.trim());
      return error ? [{ path, message: `cannot parse "{{${match[1]}}}": ${error}` }] : [];
    });
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => templateSyntaxErrors(item, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => templateSyntaxErrors(v, [...path, k]));
  }
  return [];
}

/** Checks an expression's syntax without running it, for validating workflows on save. */
export function expressionSyntaxError(expression: string): string | null {
  try {
    jsonata(expression);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
