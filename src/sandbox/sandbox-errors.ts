/**
 * The one error type of the sandbox. Store methods and route handlers throw it; the app's
 * error handler turns it into an ErrorResult (zocdoc-api.md §3.3) with the request's id.
 */

export interface ErrorDetail {
  /** Dotted path of the offending field, e.g. `data.patient.phone_number`; absent when none applies. */
  field?: string;
  message: string;
}

export type ErrorType = 'invalid_request' | 'api_error';

export class SandboxError extends Error {
  readonly statusCode: number;
  readonly errors: ErrorDetail[];
  readonly errorType: ErrorType;

  constructor(statusCode: number, errors: ErrorDetail[] | ErrorDetail, errorType?: ErrorType) {
    const list = Array.isArray(errors) ? errors : [errors];
    super(list.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; '));
    this.name = 'SandboxError';
    this.statusCode = statusCode;
    this.errors = list;
    this.errorType = errorType ?? (statusCode >= 500 ? 'api_error' : 'invalid_request');
  }
}

export const invalid = (field: string | undefined, message: string) =>
  new SandboxError(400, field === undefined ? { message } : { field, message });
export const notFound = (field: string | undefined, message: string) =>
  new SandboxError(404, field === undefined ? { message } : { field, message });
export const conflict = (field: string | undefined, message: string) =>
  new SandboxError(409, field === undefined ? { message } : { field, message });
