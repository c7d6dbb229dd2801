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

/**
 * Guardrails for user-written expressions: a runaway one (infinite recursion, a huge
 * range) must fail its step, not freeze the process every workspace shares.
 */
const EVALUATION_LIMITS = { timeout: 1000, stack: 300, sequence: 100_000 };

interface TemplatePart {
  /** Literal text, or an expression's source between `{{` and `}}`. */
  text: string;
  expression: boolean;
}

/**
 * Splits a string into literal text and `{{ … }}` expressions in one linear pass (a
 * lazy regex over a string of thousands of `{{` takes quadratic time). An unclosed `{{`
 * is literal text.
 */
function templateParts(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let position = 0;
  while (position < text.length) {
    const open = text.indexOf('{{', position);
    const close = open === -1 ? -1 : text.indexOf('}}', open + 2);
    if (open === -1 || close === -1) {
      parts.push({ text: text.slice(position), expression: false });
      break;
    }
    if (open > position) parts.push({ text: text.slice(position, open), expression: false });
    parts.push({ text: text.slice(open + 2, close), expression: true });
    position = close + 2;
  }
  return parts;
}

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
  if (!text.includes('{{')) return text;
  const parts = templateParts(text);
  const expressions = parts.filter((p) => p.expression);
  // One expression and nothing else but spaces: the value keeps its type.
  const whole = expressions.length === 1 && parts.every((p) => p.expression || p.text.trim() === '');
  if (whole) return evaluate(expressions[0]!.text, context, path);
  const rendered: string[] = [];
  for (const part of parts) {
    if (!part.expression) {
      rendered.push(part.text);
      continue;
    }
    const result = await evaluate(part.text, context, path);
    const asText = typeof result === 'string' ? result : JSON.stringify(result);
    rendered.push(result === undefined || result === null ? '' : asText);
  }
  return rendered.join('');
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
    compiled = jsonata(expression.trim(), EVALUATION_LIMITS);
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
    return templateParts(value).flatMap((part) => {
      if (!part.expression) return [];
      const error = expressionSyntaxError(part.text.trim());
      return error ? [{ path, message: `cannot parse "{{${part.text}}}": ${error}` }] : [];
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
