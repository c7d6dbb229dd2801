/**
 * Run statuses. `queued` → `running` → one of the final ones.
 * - skipped: a step's filter was false, so the rest of the run did not happen (not an error).
 * - interrupted: a step that is not safe to repeat may or may not have reached the upstream
 *   (the worker died or the call timed out after sending); it is never retried blindly.
 *   Replay is the explicit way on.
 */
export const runStatuses = ['queued', 'running', 'succeeded', 'failed', 'skipped', 'interrupted'] as const;
export type RunStatus = (typeof runStatuses)[number];

export const finalRunStatuses: readonly RunStatus[] = ['succeeded', 'failed', 'skipped', 'interrupted'];

export const stepStatuses = ['running', 'succeeded', 'failed', 'skipped'] as const;
export type StepStatus = (typeof stepStatuses)[number];
