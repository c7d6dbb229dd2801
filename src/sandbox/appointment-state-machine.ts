/**
 * The appointment lifecycle (zocdoc-api.md §10) as data: for each partner operation, the
 * statuses it is allowed from and the status it leads to. Routes never compare statuses
 * themselves; they ask `transition()`. Practice-side changes through the admin surface
 * bypass this table on purpose: a practice (or Zocdoc) can set any status.
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

export type AppointmentOperation = 'confirm' | 'cancel' | 'reschedule' | 'mark_no_show';

export interface TransitionRule {
  from: ReadonlySet<AppointmentStatus>;
  to: AppointmentStatus;
}

export const transitionTable: Readonly<Record<AppointmentOperation, TransitionRule>> = {
  // §5.17 / §10: only from pending_booking [doc]; result confirmed [inferred].
  confirm: { from: new Set(['pending_booking']), to: 'confirmed' },
  // §10 [doc]; from cancelled / no_show it is a 409 [inferred].
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
  },
  // §5.18 / §10 [doc]; the outcome (rescheduled or reschedule_failed) follows later [inferred].
  reschedule: {
    from: new Set(['pending_booking', 'confirmed', 'pending_reschedule', 'rescheduled']),
    to: 'pending_reschedule',
  },
  // §5.20: update-status no_show; the "start in the past, at most 2 days ago" rule is a
  // time guard checked by the route, not a status rule. Allowed-from set is [inferred].
  mark_no_show: {
    from: new Set(['pending_booking', 'confirmed', 'rescheduled', 'reschedule_failed']),
    to: 'no_show',
  },
};

export type TransitionResult =
  | { ok: true; from: AppointmentStatus; to: AppointmentStatus }
  | { ok: false; from: AppointmentStatus; allowedFrom: AppointmentStatus[]; message: string };

export function transition(operation: AppointmentOperation, current: AppointmentStatus): TransitionResult {
  const rule = transitionTable[operation];
  if (rule.from.has(current)) return { ok: true, from: current, to: rule.to };
  const allowedFrom = [...rule.from];
  return {
    ok: false,
    from: current,
    allowedFrom,
    message:
      `Cannot ${operation.replaceAll('_', ' ')} an appointment whose status is ${current}; ` +
      `allowed only from ${allowedFrom.join(', ')}.`,
  };
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
