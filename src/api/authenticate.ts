import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Db } from '../db/client.ts';
import { unauthorized } from './problem.ts';
import { findWorkspaceByApiKey, type Workspace } from './workspaces.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authenticate hook on every /v1 request; null elsewhere. */
    workspace: Workspace | null;
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** onRequest hook: resolves `Authorization: Bearer <api key>` to the caller's workspace. */
export function createAuthenticateHook(db: Db): onRequestAsyncHookHandler {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const header = request.headers.authorization;
    if (!header) throw unauthorized('Send the API key as "Authorization: Bearer <api key>".');
    const match = BEARER.exec(header);
    if (!match) throw unauthorized('The Authorization header must be "Bearer <api key>".');
    const workspace = await findWorkspaceByApiKey(db, match[1]!);
    if (!workspace) throw unauthorized('The API key is not valid.');
    request.workspace = workspace;
  };
}

/** The authenticated workspace's id; a route outside the authenticated scope is a bug. */
export function workspaceIdOf(request: FastifyRequest): string {
  if (!request.workspace) throw new Error('workspaceIdOf called on an unauthenticated request');
  return request.workspace.id;
}
