import { DAY_MS } from './local-time.ts';

/**
 * The appointment lifecycle (zocdoc-api.md §10) as data: for each operation, the statuses
 * it is allowed from, the status it leads to, the time window it needs and what a refusal
 * answers. Routes and the store never compare statuses themselves; they ask
 * `checkOperation()` (or the status-only `transition()`). Practice-side changes through the
 * admin surface bypass this table on purpose: a practice (or Zocdoc) can set any status.
 */

export const appointmentStatuses = [
  'pending_booking',
  'confirmed',
  'booking_failed',
  'cancelled',
  'no_show',
  'pending_reschedule',
  'rescheduled',
  'reschedule_failed',
] as const;
export type AppointmentStatus = (typeof appointmentStatuses)[number];

/** Partner operations (the /v1 API) and the server-driven outcomes of §10. */
export const appointmentOperations = [
  'confirm',
  'cancel',
  'reschedule',
  'mark_no_show',
  'mark_arrived',
  'upload_attachment',
  'complete_booking',
  'fail_booking',
  'complete_reschedule',
  'fail_reschedule',
] as const;
export type AppointmentOperation = (typeof appointmentOperations)[number];

/** Age of an appointment = now − its start. Both bounds inclusive, in ms. */
export interface AgeWindow {
  min?: number;
  max?: number;
  /** Completes "allowed only when the appointment …" in the refusal message. */
  describe: string;
}

export interface TransitionRule {
  from: ReadonlySet<AppointmentStatus>;
  /** The resulting status; `unchanged` for operations that record something else. */
  to: AppointmentStatus | 'unchanged';
  /**
   * Statuses from which the operation is accepted as a no-op: PUT update-status asking for
   * the state the appointment is already in (so a retried PUT is not a 409).
   */
  noopFrom?: ReadonlySet<AppointmentStatus>;
  /** Once a patient is marked arrived: refuse the operation, or accept it as a no-op. */
  afterArrival?: 'refuse' | 'noop';
  window?: AgeWindow;
  /** HTTP status of a refusal: 409 for state conflicts; 400 where the docs declare no 409 (attachments). */
  refusalStatus: 400 | 409;
}

const TWO_DAYS = 2 * DAY_MS;

/** Statuses whose appointment still stands at a time (the patient may arrive or not show). */
const attendable: ReadonlySet<AppointmentStatus> = new Set([
  'pending_booking',
  'confirmed',
  'rescheduled',
  'reschedule_failed',
]);

export const transitionTable: Readonly<Record<AppointmentOperation, TransitionRule>> = {
  // §5.17 / §10: only from pending_booking [doc]; result confirmed [inferred].
  confirm: { from: new Set(['pending_booking']), to: 'confirmed', refusalStatus: 409 },
  // §10 [doc]; from cancelled / no_show it is a 409 [inferred, §14]. An arrived patient's
  // visit is under way: too late to cancel.
  cancel: {
    from: new Set([
      'pending_booking',
      'booking_failed',
      'confirmed',
      'pending_reschedule',
      'reschedule_failed',
      'rescheduled',
    ]),
    to: 'cancelled',
    afterArrival: 'refuse',
    refusalStatus: 409,
  },
  // §5.18 / §10 [doc]; the outcome (rescheduled or reschedule_failed) follows later [inferred].
  // The docs declare no 409 for reschedule (§14); the sandbox answers a wrong status with
  // 409 anyway, like every other state conflict, so a client needs one rule for all.
  reschedule: {
    from: new Set(['pending_booking', 'confirmed', 'pending_reschedule', 'rescheduled']),
    to: 'pending_reschedule',
    afterArrival: 'refuse',
    refusalStatus: 409,
  },
  // §5.20: no_show only when the start is in the past and at most 2 days ago [doc].
  mark_no_show: {
    from: attendable,
    to: 'no_show',
    noopFrom: new Set(['no_show']),
    afterArrival: 'refuse',
    window: { min: 1, max: TWO_DAYS, describe: 'started in the past, at most 2 days ago' },
    refusalStatus: 409,
  },
  // §5.20 / §14: `arrived` is not an AppointmentStatus, so the status stays as it was and
  // the arrival is recorded beside it. Window [inferred]: from a day before the start
  // (early check-in) to 2 days after, mirroring no_show.
  mark_arrived: {
    from: attendable,
    to: 'unchanged',
    afterArrival: 'noop',
    window: { min: -DAY_MS, max: TWO_DAYS, describe: 'starts within a day or started at most 2 days ago' },
    refusalStatus: 409,
  },
  // §5.19: refused for failed appointments and more than 7 days after the appointment [doc].
  // The docs declare 400 (no 409) for this endpoint.
  upload_attachment: {
    from: new Set(appointmentStatuses.filter((s) => s !== 'booking_failed' && s !== 'reschedule_failed')),
    to: 'unchanged',
    window: { max: 7 * DAY_MS, describe: 'started at most 7 days ago' },
    refusalStatus: 400,
  },
  // §10 server-driven outcomes [inferred]: Zocdoc / the practice settles a pending request.
  complete_booking: { from: new Set(['pending_booking']), to: 'confirmed', refusalStatus: 409 },
  fail_booking: { from: new Set(['pending_booking']), to: 'booking_failed', refusalStatus: 409 },
  complete_reschedule: { from: new Set(['pending_reschedule']), to: 'rescheduled', refusalStatus: 409 },
  fail_reschedule: { from: new Set(['pending_reschedule']), to: 'reschedule_failed', refusalStatus: 409 },
};

export type TransitionResult =
  | { ok: true; from: AppointmentStatus; to: AppointmentStatus }
  | { ok: false; from: AppointmentStatus; allowedFrom: AppointmentStatus[]; message: string };

const describeOperation = (operation: AppointmentOperation) => operation.replaceAll('_', ' ');

/** The status rule alone (no time window, no arrival): may `operation` run from `current`? */
export function transition(operation: AppointmentOperation, current: AppointmentStatus): TransitionResult {
  const rule = transitionTable[operation];
  if (rule.from.has(current)) {
    return { ok: true, from: current, to: rule.to === 'unchanged' ? current : rule.to };
  }
  const allowedFrom = [...rule.from];
  return {
    ok: false,
    from: current,
    allowedFrom,
    message:
      `Cannot ${describeOperation(operation)} an appointment whose status is ${current}; ` +
      `allowed only from ${allowedFrom.join(', ')}.`,
  };
}

export interface AppointmentState {
  status: AppointmentStatus;
  /** Whether update-status `arrived` was recorded. */
  arrived: boolean;
  startMs: number;
  nowMs: number;
}

export type OperationCheck =
  | { ok: true; from: AppointmentStatus; to: AppointmentStatus; changed: boolean }
  | { ok: false; statusCode: 400 | 409; message: string };

/** The whole rule: status, arrival and time window. `changed: false` is an accepted no-op. */
export function checkOperation(operation: AppointmentOperation, state: AppointmentState): OperationCheck {
  const rule = transitionTable[operation];
  const refuse = (message: string): OperationCheck => ({
    ok: false,
    statusCode: rule.refusalStatus,
    message,
  });
  const noop: OperationCheck = { ok: true, from: state.status, to: state.status, changed: false };

  if (state.arrived && rule.afterArrival === 'noop') return noop;
  if (state.arrived && rule.afterArrival === 'refuse') {
    return refuse(`Cannot ${describeOperation(operation)} an appointment whose patient has arrived.`);
  }
  if (rule.noopFrom?.has(state.status)) return noop;
  const result = transition(operation, state.status);
  if (!result.ok) return refuse(result.message);
  if (rule.window) {
    const age = state.nowMs - state.startMs;
    const { min, max } = rule.window;
    if ((min !== undefined && age < min) || (max !== undefined && age > max)) {
      return refuse(
        `Cannot ${describeOperation(operation)} this appointment now: allowed only when the appointment ` +
          `${rule.window.describe}.`,
      );
    }
  }
  return { ok: true, from: result.from, to: result.to, changed: true };
}

/**
 * Statuses in which an appointment holds its time slot. A cancelled or failed booking
 * frees the slot; a failed reschedule keeps the original time, so it still holds it.
 */
const slotHoldingStatuses: ReadonlySet<AppointmentStatus> = new Set([
  'pending_booking',
  'confirmed',
  'no_show',
  'pending_reschedule',
  'rescheduled',
  'reschedule_failed',
]);

export function holdsSlot(status: AppointmentStatus): boolean {
  return slotHoldingStatuses.has(status);
}

export function isAppointmentStatus(value: string): value is AppointmentStatus {
  return (appointmentStatuses as readonly string[]).includes(value);
}
