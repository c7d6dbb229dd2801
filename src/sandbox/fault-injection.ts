import { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest, onRequestHookHandler, onSendHookHandler } from 'fastify';
import { errorResult } from './envelopes.ts';
import { createRateLimiter, type RateLimiter } from './rate-limiter.ts';
import { createSeededRandom } from './seeded-random.ts';

/**
 * Operator-set faults on the Zocdoc-facing paths (/v1…, /oauth…; never /_sandbox): extra
 * latency, error responses at a rate (429 with or without Retry-After, 500, 503), dropped
 * connections (the socket destroyed, no response), malformed bodies (200 with invalid
 * JSON) and a per-client token-bucket rate limit (429 with Retry-After). Rules match by
 * path pattern (`*` = any characters) and optionally method; every matching rule applies.
 * Rates draw from one seeded PRNG in request order, so a test replays exactly.
 *
 * Order per request: rate limit → latency → drop → error → malformed. A refused, dropped
 * or failed request never reaches its handler; a malformed one does (the operation
 * happens) and only its answer is spoiled, the nastier case for a client.
 */

export const errorFaultStatuses = [429, 500, 503] as const;
export type ErrorFaultStatus = (typeof errorFaultStatuses)[number];

export interface FaultRule {
  /** Path pattern, matched against the whole path without the query; `*` matches anything. */
  path: string;
  /** Upper-case methods; all when absent. */
  methods?: string[] | undefined;
  latency_ms?: number | undefined;
  error?:
    | {
        rate: number;
        status: ErrorFaultStatus;
        /** For 429: the Retry-After seconds; null or absent sends none. */
        retry_after_seconds?: number | null | undefined;
      }
    | undefined;
  drop?: { rate: number; when?: 'before_processing' | 'after_processing' | undefined } | undefined;
  malformed?: { rate: number } | undefined;
  rate_limit?: { requests_per_second: number; burst: number } | undefined;
}

export interface FaultConfig {
  /** PRNG seed for the rates; a PUT reseeds, so the sequence starts over. */
  seed: number;
  rules: FaultRule[];
}

export interface FaultInjector {
  config(): FaultConfig;
  configure(config: FaultConfig): FaultConfig;
  /** No rules; seed back to the initial one. */
  reset(): void;
  onRequest: onRequestHookHandler;
  onSend: onSendHookHandler;
  /** Cuts every injected latency short (app close). */
  close(): void;
}

export interface FaultInjectorOptions {
  clock: () => Date;
  /** The client id behind a request's bearer token, when it has a valid one. */
  clientOf(request: FastifyRequest): string | undefined;
  seed?: number;
}

const FAULTABLE = /^\/(v1|oauth)(\/|-|$)/;

const pathOf = (request: FastifyRequest) => request.url.split('?')[0] ?? request.url;

function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
  return new RegExp(`^${escaped}$`);
}

interface CompiledRule {
  rule: FaultRule;
  regexp: RegExp;
  limiter: RateLimiter | undefined;
}

export function createFaultInjector(options: FaultInjectorOptions): FaultInjector {
  const initialSeed = options.seed ?? 1;
  let config: FaultConfig = { seed: initialSeed, rules: [] };
  let compiled: CompiledRule[] = [];
  const random = createSeededRandom(initialSeed);
  const malformed = new WeakSet<FastifyRequest>();
  const dropAfter = new WeakSet<FastifyRequest>();
  const sleeps = new Map<NodeJS.Timeout, () => void>();

  const apply = (next: FaultConfig) => {
    config = structuredClone(next);
    random.reseed(config.seed);
    compiled = config.rules.map((rule) => ({
      rule,
      regexp: patternToRegExp(rule.path),
      limiter: rule.rate_limit
        ? createRateLimiter({
            requestsPerSecond: rule.rate_limit.requests_per_second,
            burst: rule.rate_limit.burst,
          })
        : undefined,
    }));
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        sleeps.delete(timer);
        resolve();
      }, ms);
      sleeps.set(timer, resolve);
    });

  const isOAuth = (request: FastifyRequest) => pathOf(request).startsWith('/oauth');

  /** An error answer in the shape of the endpoint: Auth0's on /oauth, an ErrorResult on /v1. */
  const sendError = (request: FastifyRequest, reply: FastifyReply, status: number, message: string) => {
    if (isOAuth(request)) {
      const error =
        status === 429 ? 'too_many_requests' : status === 503 ? 'temporarily_unavailable' : 'server_error';
      return reply.code(status).send({ error, error_description: message });
    }
    return reply
      .code(status)
      .send(errorResult(request.id, [{ message }], status >= 500 ? 'api_error' : 'invalid_request'));
  };

  /** Cuts the connection; before processing the reply is hijacked so fastify writes nothing. */
  const drop = (request: FastifyRequest, reply: FastifyReply, phase: 'before' | 'after') => {
    if (phase === 'before') reply.hijack();
    const socket = request.raw.socket;
    // A real connection is cut without a byte of response.
    if (socket instanceof Socket) {
      socket.destroy();
      return;
    }
    // inject() has no socket to cut: fail its request (before) or its response (after),
    // which rejects the inject() call the way a dropped connection rejects a fetch.
    const error = Object.assign(new Error('connection dropped by sandbox fault injection'), {
      code: 'ECONNRESET',
    });
    if (phase === 'before') request.raw.destroy(error);
    else reply.raw.emit('error', error);
  };

  apply(config);

  return {
    config: () => structuredClone(config),

    configure(next) {
      apply(next);
      return structuredClone(config);
    },

    reset() {
      apply({ seed: initialSeed, rules: [] });
    },

    async onRequest(request, reply) {
      if (compiled.length === 0) return;
      const path = pathOf(request);
      if (!FAULTABLE.test(path)) return;
      const rules = compiled.filter(
        (c) => c.regexp.test(path) && (!c.rule.methods || c.rule.methods.includes(request.method)),
      );
      if (rules.length === 0) return;

      for (const { limiter } of rules) {
        if (!limiter) continue;
        const decision = limiter.take(options.clientOf(request) ?? 'anonymous', options.clock().getTime());
        if (!decision.allowed) {
          reply.header('retry-after', String(decision.retryAfterSeconds));
          return sendError(
            request,
            reply,
            429,
            'Too many requests: rate limit exceeded (sandbox fault injection)',
          );
        }
      }
      const latency = rules.reduce((sum, { rule }) => sum + (rule.latency_ms ?? 0), 0);
      if (latency > 0) await sleep(latency);
      for (const { rule } of rules) {
        if (rule.drop && random.next() < rule.drop.rate) {
          if (rule.drop.when === 'after_processing') dropAfter.add(request);
          else return drop(request, reply, 'before');
        }
      }
      for (const { rule } of rules) {
        if (rule.error && random.next() < rule.error.rate) {
          const retryAfter = rule.error.retry_after_seconds;
          if (rule.error.status === 429 && retryAfter !== undefined && retryAfter !== null) {
            reply.header('retry-after', String(retryAfter));
          }
          return sendError(
            request,
            reply,
            rule.error.status,
            `Simulated ${rule.error.status} response (sandbox fault injection)`,
          );
        }
      }
      for (const { rule } of rules) {
        if (rule.malformed && random.next() < rule.malformed.rate) malformed.add(request);
      }
    },

    async onSend(request, reply, payload) {
      if (dropAfter.has(request)) {
        // The handler ran (the operation happened); the answer never arrives.
        drop(request, reply, 'after');
        return payload;
      }
      if (
        !malformed.has(request) ||
        (payload !== null && typeof payload === 'object' && !Buffer.isBuffer(payload))
      ) {
        return payload;
      }
      const text = Buffer.isBuffer(payload)
        ? payload.toString('latin1')
        : typeof payload === 'string'
          ? payload
          : '';
      reply.code(200);
      reply.header('content-type', 'application/json; charset=utf-8');
      reply.removeHeader('content-length');
      // Half of the real body (an object cut short is never valid JSON), or a stub.
      return text.length >= 2 ? text.slice(0, Math.floor(text.length / 2)) : '{"request_id": ';
    },

    close() {
      for (const [timer, resolve] of sleeps) {
        clearTimeout(timer);
        resolve();
      }
      sleeps.clear();
    },
  };
}
