/**
 * The small set of failures an action can end in. The engine decides on retries and
 * run status from `kind`; a user reads `message`, the upstream `request_id` and
 * ErrorResult `errors` to act on it.
 */
export const actionErrorKinds = [
  'validation', // our input check failed, or the API answered 400 — fix the input
  'auth', // 401/403 — the connection's credentials or scopes
  'not_found', // 404
  'conflict', // 409 — e.g. an illegal appointment state transition
  'rate_limited', // 429 after our retries
  'upstream', // 5xx after our retries
  'timeout', // no response; may or may not have reached the API
  'invalid_response', // a 2xx whose body does not match the action's output schema
] as const;

export type ActionErrorKind = (typeof actionErrorKinds)[number];

export interface ActionErrorDetail {
  /** Where the problem is: an input path like `data.patient.phone_number`, when known. */
  field?: string;
  message: string;
}

export class ActionError extends Error {
  override readonly name = 'ActionError';
  constructor(
    readonly kind: ActionErrorKind,
    message: string,
    readonly extra: {
      status?: number;
      requestId?: string | null;
      details?: ActionErrorDetail[];
      /** For `timeout`: false when the request certainly never reached the API. */
      mayHaveReachedServer?: boolean;
    } = {},
  ) {
    super(message);
  }

  toJSON() {
    return {
      kind: this.kind,
      message: this.message,
      ...(this.extra.status !== undefined && { status: this.extra.status }),
      ...(this.extra.requestId && { request_id: this.extra.requestId }),
      ...(this.extra.details?.length && { details: this.extra.details }),
      ...(this.extra.mayHaveReachedServer !== undefined && {
        may_have_reached_server: this.extra.mayHaveReachedServer,
      }),
    };
  }
}

const kindByStatus: Record<number, ActionErrorKind> = {
  400: 'validation',
  401: 'auth',
  403: 'auth',
  404: 'not_found',
  409: 'conflict',
  422: 'validation',
  429: 'rate_limited',
};

/** Maps a non-2xx upstream answer to an ActionError, keeping Zocdoc's ErrorResult fields. */
export function actionErrorFromResponse(
  status: number,
  body: unknown,
  requestId: string | null,
): ActionError {
  // A redirect is never followed (it could carry the request elsewhere): the API misbehaved.
  const kind: ActionErrorKind =
    kindByStatus[status] ?? (status >= 500 || (status >= 300 && status < 400) ? 'upstream' : 'validation');
  const details = errorResultDetails(body);
  const summary = details.map((d) => (d.field ? `${d.field}: ${d.message}` : d.message)).join('; ');
  return new ActionError(kind, `The API answered ${status}${summary ? `: ${summary}` : ''}`, {
    status,
    requestId,
    details,
  });
}

function errorResultDetails(body: unknown): ActionErrorDetail[] {
  if (!body || typeof body !== 'object' || !Array.isArray((body as { errors?: unknown }).errors)) return [];
  return (body as { errors: unknown[] }).errors.flatMap((entry) => {
    if (!entry || typeof entry !== 'object') return [];
    const { field, message } = entry as { field?: unknown; message?: unknown };
    return [
      {
        ...(typeof field === 'string' && field ? { field } : {}),
        message: typeof message === 'string' ? message : JSON.stringify(entry),
      },
    ];
  });
}
