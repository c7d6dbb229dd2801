import type { AppointmentEntry, PendingOutcome } from './appointment-model.ts';
import { MINUTE_MS } from './local-time.ts';

/**
 * Server-driven outcomes (zocdoc-api.md §10): a partner's booking waits in pending_booking
 * and a reschedule in pending_reschedule until "Zocdoc" settles it. The sandbox settles it
 * a fixed delay later on the sandbox clock, with an outcome decided deterministically when
 * the request is made, so a test that moves the clock always sees the same result.
 */

export interface OutcomeSettings {
  /** Off: new requests stay pending until the partner or the practice changes them. */
  enabled: boolean;
  /** How long after the request the outcome lands (sandbox clock). */
  delayMs: number;
  /** The outcome of a booking unless a magic value says otherwise. */
  booking: 'confirmed' | 'booking_failed';
  /** The outcome of a reschedule unless a magic value says otherwise. */
  reschedule: 'rescheduled' | 'reschedule_failed';
}

/**
 * 10 minutes: long enough that the demo's confirm-on-create workflow (which polls every
 * few seconds) still finds new bookings in pending_booking and confirms them itself.
 */
export const DEFAULT_OUTCOME_DELAY_MS = 10 * MINUTE_MS;

export const defaultOutcomeSettings: Readonly<OutcomeSettings> = {
  enabled: true,
  delayMs: DEFAULT_OUTCOME_DELAY_MS,
  booking: 'confirmed',
  reschedule: 'rescheduled',
};

/**
 * Magic `developer_patient_id` values (the sandbox's own, in the style of §12): the request
 * fails later whatever the settings say, so a client can exercise its failure path through
 * the public API alone.
 */
export const FAILING_BOOKING_PATIENT_ID = 'dp_bookingfailed';
export const FAILING_RESCHEDULE_PATIENT_ID = 'dp_reschedulefailed';

/** The outcome to schedule for a request made now, or undefined when outcomes are off. */
export function planOutcome(
  kind: PendingOutcome['kind'],
  entry: AppointmentEntry,
  settings: OutcomeSettings,
  nowMs: number,
): PendingOutcome | undefined {
  if (!settings.enabled) return undefined;
  const developerPatientId = entry.record.developer_patient_id;
  const succeeds =
    kind === 'booking'
      ? developerPatientId !== FAILING_BOOKING_PATIENT_ID && settings.booking === 'confirmed'
      : developerPatientId !== FAILING_RESCHEDULE_PATIENT_ID && settings.reschedule === 'rescheduled';
  return { kind, dueMs: nowMs + settings.delayMs, succeeds };
}
