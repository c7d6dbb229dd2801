import { STATUS_CODES } from 'node:http';
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchemaCompiler,
} from 'fastify';
import { z } from 'zod';
import { safeErrorMessage } from '../db/jsonb-safe.ts';

/** One offending field: `path` is dotted from the request part, e.g. `body.steps.0.action`. */
export const fieldErrorSchema = z.object({
  path: z.string().describe('Where in the request, e.g. body.steps.0.action or query.limit'),
  message: z.string(),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** RFC 9457 problem details; every error response of the API has this shape. */
export const problemSchema = z
  .object({
    type: z.string().describe('about:blank: the status code and title say what kind of problem this is'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(fieldErrorSchema).optional(),
  })
  .describe('application/problem+json (RFC 9457)');
export type Problem = z.infer<typeof problemSchema>;

/** Thrown by hooks and handlers; the error handler turns it into a problem response. */
export class ProblemError extends Error {
  readonly status: number;
  readonly errors: FieldError[] | undefined;

  constructor(status: number, detail: string, errors?: FieldError[]) {
    super(detail);
    this.name = 'ProblemError';
    this.status = status;
    this.errors = errors;
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) => new ProblemError(400, detail, errors);
export const notFound = (detail: string) => new ProblemError(404, detail);
export const unauthorized = (detail: string) => new ProblemError(401, detail);

/** Documents the error answers of a route in OpenAPI. */
export const problemResponses = {
  400: problemSchema,
  401: problemSchema,
  404: problemSchema,
  500: problemSchema,
} as const;

type PathSegment = string | number | symbol;

/** Joins a zod issue path under the request part it came from: `body`, `query`, `params`, `headers`. */
export function fieldPath(part: string, path: readonly PathSegment[]): string {
  return [part, ...path.map((segment) => String(segment))].join('.');
}

/**
 * Keeps zod's issues (with their path arrays) on the validation error, so the error
 * handler can name each offending field exactly; fastify adds `validationContext`.
 */
export class RequestValidationError extends Error {
  readonly issues: readonly z.core.$ZodIssue[];

  constructor(issues: readonly z.core.$ZodIssue[]) {
    super('The request does not match the schema');
    this.name = 'RequestValidationError';
    this.issues = issues;
  }
}

export const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    return { error: new RequestValidationError(result.error.issues) };
  };

/** One entry per offending field; an unknown key is named itself, not its parent object. */
export function issuesToFieldErrors(part: string, issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: fieldPath(part, [...issue.path, key]),
        message: 'unknown field',
      }));
    }
    return [{ path: fieldPath(part, issue.path), message: issue.message }];
  });
}

/** How many offending fields one answer lists at most. */
export const MAX_LISTED_ERRORS = 20;

const REQUEST_PARTS: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

export function sendProblem(reply: FastifyReply, status: number, detail: string, errors?: FieldError[]) {
  const problem: Problem = {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
  // RFC 6750: a 401 names the scheme the client should use.
  if (status === 401) reply.header('www-authenticate', 'Bearer');
  // A plain serializer, not the route's response schema: an error answer must go out
  // even when it is the route's own serialization that failed.
  return reply
    .code(status)
    .type('application/problem+json')
    .serializer((payload: unknown) => JSON.stringify(payload))
    .send(problem);
}

/** Every error leaves as problem+json; nothing internal (message, stack) reaches a client. */
export function registerProblemHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ProblemError | RequestValidationError, request, reply) => {
    if (error instanceof ProblemError) {
      return sendProblem(reply, error.status, error.message, error.errors);
    }
    if (error instanceof RequestValidationError) {
      const part = REQUEST_PARTS[(error as { validationContext?: string }).validationContext ?? ''] ?? 'body';
      const all = issuesToFieldErrors(part, error.issues);
      // A strict object given thousands of unknown keys would otherwise be answered with a
      // list (and a detail) as large as the body itself.
      const errors = all.slice(0, MAX_LISTED_ERRORS);
      const more = all.length > errors.length ? ` and ${all.length - errors.length} more` : '';
      const named = errors.map((e) => e.path).join(', ');
      return sendProblem(reply, 400, `The request is not valid: ${named}${more}`, errors);
    }
    const status = (error as FastifyError).statusCode;
    // Fastify's own 4xx errors (malformed JSON, unsupported media type, body too large…)
    // carry messages written for clients; anything else may hold internals and is logged only.
    if (typeof status === 'number' && status >= 400 && status < 500 && isFastifyError(error)) {
      if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
        const given = request.headers['content-type'] ?? 'none';
        return sendProblem(reply, 415, `Content-Type ${given} is not supported; send application/json.`);
      }
      return sendProblem(reply, status, error.message);
    }
    // Not the error object itself: a database error's message and properties carry the
    // query's parameters, which can be patient data.
    request.log.error(
      {
        err: {
          type: error.name,
          message: safeErrorMessage(error),
          stack: error.stack?.split('\n').slice(1, 8).join('\n'),
        },
      },
      'unhandled error',
    );
    return sendProblem(reply, 500, 'An unexpected error occurred; it has been logged.');
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, 404, `No route ${request.method} ${request.url.split('?')[0]}`),
  );
}

/**
 * Fastify's `frameworkErrors` option: errors raised while routing, before any hook or
 * error handler runs, which fastify would otherwise answer with its own plain JSON.
 */
export function handleFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.code === 'FST_ERR_BAD_URL') {
    return sendProblem(
      reply,
      400,
      'The URL path holds a malformed percent-escape or bytes that are not UTF-8.',
    );
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return sendProblem(reply, 414, 'A segment of the URL path is too long.');
  }
  request.log.error({ err: error }, 'unhandled routing error');
  return sendProblem(reply, 500, 'An unexpected error occurred; it has been logged.');
}

function isFastifyError(error: unknown): error is FastifyError {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('FST_');
}
