import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthorizationCodeStore } from './authorization-codes.ts';
import { requestOrigin } from './envelopes.ts';
import { isAllowedRedirect, type SandboxPublicClient } from './oauth-clients.ts';
import { isValidCodeChallenge } from './pkce.ts';
import { type SandboxUser, signIn } from './sandbox-users.ts';
import { userScopes } from './token-store.ts';

/**
 * The authorization endpoint of the code + PKCE flow (zocdoc-api.md §2.2), standing in for
 * Auth0's hosted login: GET /authorize shows a sign-in form for the sandbox users; POSTing
 * it (as a browser does, or a test with a form body) redirects to `redirect_uri` with
 * `code` and `state`. Validation follows RFC 6749 §4.1.2.1: an unknown client or a
 * redirect URI that is not allowed is shown as an error page (never redirected to); every
 * other problem is redirected back as `error`, `error_description` and `state`.
 */

/** §2.2 sandbox audience of user tokens (the server's own origin + `/` is accepted too). */
export const PATIENT_SANDBOX_AUDIENCE = 'DeveloperApiPatient-Sandbox';

/** OpenID scopes a client may ask for besides the API's; `offline_access` gets a refresh token. */
export const identityScopes = ['openid', 'profile', 'email', 'offline_access'] as const;

export interface AuthorizeRouteOptions {
  publicClients: readonly SandboxPublicClient[];
  users: readonly SandboxUser[];
  codes: AuthorizationCodeStore;
}

type Params = Record<string, string | undefined>;

/** The request's parameters, checked: the redirect to use and the grant to put in a code. */
type Checked =
  | { kind: 'page-error'; message: string }
  | {
      kind: 'redirect-error';
      redirectUri: string;
      state: string | undefined;
      error: string;
      description: string;
    }
  | {
      kind: 'ok';
      clientId: string;
      redirectUri: string;
      state: string;
      codeChallenge: string;
      scopes: string[];
      audience: string;
    };

/** The parameters the form carries through the sign-in, as hidden fields. */
const carried = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
  'audience',
] as const;

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const firstValue = (value: unknown): string | undefined => {
  const single = Array.isArray(value) ? value[0] : value;
  return typeof single === 'string' && single !== '' ? single : undefined;
};

const paramsOf = (source: unknown): Params => {
  const record = (source && typeof source === 'object' ? source : {}) as Record<string, unknown>;
  return Object.fromEntries(Object.keys(record).map((key) => [key, firstValue(record[key])]));
};

function withQuery(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [key, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

export async function authorizeRoutes(app: FastifyInstance, options: AuthorizeRouteOptions) {
  const clients = new Map(options.publicClients.map((client) => [client.clientId, client]));
  const allowedScopes = new Set<string>([...userScopes, ...identityScopes]);

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  const check = (request: FastifyRequest, p: Params): Checked => {
    const client = p.client_id === undefined ? undefined : clients.get(p.client_id);
    if (!client) {
      return {
        kind: 'page-error',
        message: p.client_id ? `Unknown client_id ${p.client_id}` : 'client_id is required',
      };
    }
    if (p.redirect_uri === undefined || !isAllowedRedirect(client, p.redirect_uri)) {
      return {
        kind: 'page-error',
        message: p.redirect_uri
          ? `redirect_uri ${p.redirect_uri} is not allowed for client ${client.clientId}`
          : 'redirect_uri is required',
      };
    }
    const fail = (error: string, description: string): Checked => ({
      kind: 'redirect-error',
      redirectUri: p.redirect_uri!,
      state: p.state,
      error,
      description,
    });
    if (p.response_type !== 'code') {
      return fail('unsupported_response_type', 'response_type must be code');
    }
    if (p.state === undefined) return fail('invalid_request', 'state is required');
    if (p.code_challenge === undefined) {
      return fail('invalid_request', 'PKCE is required: code_challenge is missing');
    }
    // Without a method PKCE means `plain` (RFC 7636 §4.3), which Zocdoc does not take.
    if (p.code_challenge_method !== 'S256') {
      return fail('invalid_request', 'code_challenge_method must be S256 (plain is not supported)');
    }
    if (!isValidCodeChallenge(p.code_challenge)) {
      return fail('invalid_request', 'code_challenge must be a base64url SHA-256 (43 characters)');
    }
    if (p.audience === undefined) return fail('invalid_request', 'audience is required');
    if (p.audience !== PATIENT_SANDBOX_AUDIENCE && p.audience !== `${requestOrigin(request)}/`) {
      return fail('access_denied', `Service not found: ${p.audience}`);
    }
    let scopes: string[] = [...userScopes];
    if (p.scope !== undefined) {
      scopes = [...new Set(p.scope.split(/\s+/).filter((s) => s !== ''))];
      const unknown = scopes.filter((s) => !allowedScopes.has(s));
      if (unknown.length > 0) return fail('invalid_scope', `Scope(s) not allowed: ${unknown.join(' ')}`);
    }
    return {
      kind: 'ok',
      clientId: client.clientId,
      redirectUri: p.redirect_uri,
      state: p.state,
      codeChallenge: p.code_challenge,
      scopes,
      audience: p.audience,
    };
  };

  const page = (reply: FastifyReply, status: number, body: string) =>
    reply
      .code(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-frame-options', 'DENY')
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Zocdoc sandbox sign-in</title>` +
          '<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}' +
          'label{display:block;margin:.75rem 0 .25rem}input[type=email],input[type=password]{width:100%;padding:.4rem}' +
          'button{margin-top:1rem;padding:.5rem 1rem}.error{color:#b00020}code{background:#eee;padding:0 .2rem}</style>' +
          `</head><body>${body}</body></html>`,
      );

  const errorPage = (reply: FastifyReply, message: string) =>
    page(
      reply,
      400,
      `<h1>Sign-in request refused</h1><p class="error" id="error">${escapeHtml(message)}</p>`,
    );

  const form = (reply: FastifyReply, status: number, p: Params, message?: string) => {
    const hidden = carried
      .filter((name) => p[name] !== undefined)
      .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(p[name]!)}">`)
      .join('');
    const users = options.users
      .map((u) => `<li><code>${escapeHtml(u.email)}</code> / <code>${escapeHtml(u.password)}</code></li>`)
      .join('');
    return page(
      reply,
      status,
      '<h1>Sign in to Zocdoc (sandbox)</h1>' +
        `<p>Client <code>${escapeHtml(p.client_id ?? '')}</code> asks for <code>${escapeHtml(p.scope ?? userScopes.join(' '))}</code>.</p>` +
        (message ? `<p class="error" id="error">${escapeHtml(message)}</p>` : '') +
        `<form method="post" action="/authorize">${hidden}` +
        '<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required>' +
        '<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>' +
        '<button type="submit" name="action" value="sign_in">Sign in</button> ' +
        '<button type="submit" name="action" value="deny" formnovalidate>Cancel</button></form>' +
        `<p>Sandbox users:</p><ul>${users}</ul>`,
    );
  };

  const answer = (request: FastifyRequest, reply: FastifyReply, p: Params, submitted: boolean) => {
    const checked = check(request, p);
    if (checked.kind === 'page-error') return errorPage(reply, checked.message);
    if (checked.kind === 'redirect-error') {
      return reply.redirect(
        withQuery(checked.redirectUri, {
          error: checked.error,
          error_description: checked.description,
          state: checked.state,
        }),
        302,
      );
    }
    if (!submitted) return form(reply, 200, p);
    if (p.action === 'deny') {
      return reply.redirect(
        withQuery(checked.redirectUri, {
          error: 'access_denied',
          error_description: 'The user cancelled the sign-in',
          state: checked.state,
        }),
        302,
      );
    }
    const user = signIn(options.users, p.email ?? '', p.password ?? '');
    if (!user) return form(reply, 401, p, 'Wrong email or password.');
    const code = options.codes.issue({
      clientId: checked.clientId,
      redirectUri: checked.redirectUri,
      codeChallenge: checked.codeChallenge,
      userId: user.user_id,
      scopes: checked.scopes,
      audience: checked.audience,
    });
    return reply.redirect(withQuery(checked.redirectUri, { code, state: checked.state }), 302);
  };

  app.get('/authorize', async (request, reply) => answer(request, reply, paramsOf(request.query), false));
  app.post('/authorize', async (request, reply) => answer(request, reply, paramsOf(request.body), true));
}
