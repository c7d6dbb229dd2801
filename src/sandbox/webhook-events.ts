import type { AppointmentUpdateType, ChangedAttribute } from './appointment-events.ts';
import { formatUtc } from './local-time.ts';

/** The webhook event body (zocdoc-api.md §11): no patient data, re-read the appointment. */

export interface WebhookEvent {
  event_type: 'appointment_updated';
  /** ISO-8601 UTC with 7 fractional digits, e.g. `2023-06-14T17:08:54.9430839Z`. */
  webhook_timestamp: string;
  data: {
    data_type: 'appointment_data';
    appointment_data: {
      appointment_id: string;
      appointment_updated_timestamp: string;
      appointment_update_type: AppointmentUpdateType;
      changed_attributes: ChangedAttribute[];
    };
  };
}

/**
 * .NET-style 7-digit fractions (what Zocdoc sends). The sandbox clock has millisecond
 * resolution, so the last four digits are zeros.
 */
export function webhookTimestamp(ms: number): string {
  return formatUtc(ms).replace(/Z$/, '0000Z');
}

export function buildWebhookEvent(input: {
  appointmentId: string;
  updateType: AppointmentUpdateType;
  changedAttributes: ChangedAttribute[];
  updatedMs: number;
  nowMs: number;
}): WebhookEvent {
  return {
    event_type: 'appointment_updated',
    webhook_timestamp: webhookTimestamp(input.nowMs),
    data: {
      data_type: 'appointment_data',
      appointment_data: {
        appointment_id: input.appointmentId,
        appointment_updated_timestamp: formatUtc(input.updatedMs),
        appointment_update_type: input.updateType,
        changed_attributes: input.changedAttributes.map((a) => ({ ...a })),
      },
    },
  };
}
