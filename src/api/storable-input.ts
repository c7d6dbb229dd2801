import type { FastifyReply, FastifyRequest, preValidationAsyncHookHandler } from 'fastify';
import { LONE_SURROGATE, LONE_SURROGATE_GLOBAL, NUL } from '../db/jsonb-safe.ts';
import { badRequest, type FieldError, fieldPath, MAX_LISTED_ERRORS } from './problem.ts';

/**
 * Nesting deeper than this is refused. The deepest legitimate part of a request is a
 * step's input, four levels down, and no action's input comes near 60 levels; code that
 * walks values recursively later (template checks, serializers) cannot then overflow.
 */
export const MAX_NESTING_DEPTH = 64;

/** A path as a linked list, so walking a large body does not copy an array per value. */
interface PathNode {
  segment: string | number;
  parent: PathNode | null;
}

/** Stands on the stack for a key that is itself the problem. */
class KeyProblem {
  constructor(readonly message: string) {}
}

interface Pending {
  value: unknown;
  path: PathNode | null;
  depth: number;
}

/**
 * Every place in `value` that PostgreSQL cannot store or that later processing cannot
 * survive, first `limit` only: NUL characters (text and jsonb refuse them), unpaired UTF-16
 * surrogates (jsonb refuses them; text would silently get U+FFFD), numbers JSON.parse
 * turned into ±Infinity (stored as null otherwise), and nesting beyond MAX_NESTING_DEPTH.
 * Keys are checked like values. Iterative, so a deep value cannot overflow the check itself.
 */
export function findUnstorableValues(part: string, value: unknown, limit = MAX_LISTED_ERRORS): FieldError[] {
  const errors: FieldError[] = [];
  const report = (path: PathNode | null, message: string) => {
    errors.push({ path: fieldPath(part, segmentsOf(path)), message });
  };
  const stack: Pending[] = [{ value, path: null, depth: 0 }];
  while (stack.length > 0 && errors.length < limit) {
    const { value: current, path, depth } = stack.pop()!;
    if (current instanceof KeyProblem) {
      report(path, `key ${current.message}`);
      continue;
    }
    if (typeof current === 'string') {
      const problem = stringProblem(current);
      if (problem) report(path, problem);
      continue;
    }
    if (typeof current === 'number') {
      if (!Number.isFinite(current)) report(path, 'is a number too large in magnitude to be represented');
      continue;
    }
    // Bytes (no parser of this API yields them, but a future one might) are not JSON.
    if (current === null || typeof current !== 'object' || ArrayBuffer.isView(current)) continue;
    if (depth >= MAX_NESTING_DEPTH) {
      // Named where the limit is crossed; what lies deeper is not looked at.
      report(path, `nests deeper than ${MAX_NESTING_DEPTH} levels`);
      continue;
    }
    const children: Pending[] = [];
    if (Array.isArray(current)) {
      current.forEach((item, index) => {
        children.push({ value: item, path: { segment: index, parent: path }, depth: depth + 1 });
      });
    } else {
      for (const [key, item] of Object.entries(current)) {
        const child: PathNode = { segment: key, parent: path };
        const keyProblem = stringProblem(key);
        // Queued just before its value, so the key is reported in its place in the order;
        // the value is still looked at, for the rest of the list.
        if (keyProblem) children.push({ value: new KeyProblem(keyProblem), path: child, depth });
        children.push({ value: item, path: child, depth: depth + 1 });
      }
    }
    // Reversed onto the stack so fields are reported in the order they were written.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return errors.slice(0, limit);
}

function stringProblem(text: string): string | null {
  if (text.includes(NUL)) return 'contains a NUL character (\\u0000), which cannot be stored';
  if (LONE_SURROGATE.test(text)) return 'contains an unpaired UTF-16 surrogate, which cannot be stored';
  return null;
}

function segmentsOf(path: PathNode | null): Array<string | number> {
  const segments: Array<string | number> = [];
  for (let node = path; node; node = node.parent) segments.push(printable(node.segment));
  return segments.reverse();
}

/** A key holding NUL or a lone surrogate is shown escaped, so the path itself stays printable. */
function printable(segment: string | number): string | number {
  if (typeof segment === 'number') return segment;
  return segment
    .replaceAll(NUL, '\\u0000')
    .replace(LONE_SURROGATE_GLOBAL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const PARTS = [
  ['body', (request: FastifyRequest) => request.body],
  ['query', (request: FastifyRequest) => request.query],
  ['params', (request: FastifyRequest) => request.params],
] as const;

/**
 * preValidation hook: refuses a request whose body, query or path parameters hold
 * anything findUnstorableValues finds, before any schema or route code sees it. One
 * check here covers every route, present and future, instead of a refinement per field.
 */
export const rejectUnstorableInput: preValidationAsyncHookHandler = async (
  request: FastifyRequest,
  _reply: FastifyReply,
) => {
  const errors: FieldError[] = [];
  for (const [part, read] of PARTS) {
    const value = read(request);
    if (value === undefined || value === null) continue;
    errors.push(...findUnstorableValues(part, value, MAX_LISTED_ERRORS - errors.length));
    if (errors.length >= MAX_LISTED_ERRORS) break;
  }
  if (errors.length === 0) return;
  const more = errors.length >= MAX_LISTED_ERRORS ? ` (only the first ${MAX_LISTED_ERRORS} are listed)` : '';
  throw badRequest(
    `The request holds values that cannot be accepted${more}: ${errors.map((e) => e.path).join(', ')}`,
    errors,
  );
};
