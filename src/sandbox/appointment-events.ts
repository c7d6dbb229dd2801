/**
 * What the store tells its listeners after an appointment changes: the raw material of the
 * webhooks (zocdoc-api.md §11). The store says who made the change; the webhook dispatcher
 * decides who hears of it (for the patient-booking product, never the partner about its
 * own API calls).
 */

export type AppointmentUpdateType = 'updated' | 'cancelled' | 'created';
export const appointmentUpdateTypes = ['updated', 'cancelled', 'created'] as const;

/**
 * Who changed it: the partner through the /v1 API, the practice through the admin surface
 * (a practice-side change), or Zocdoc itself (the server-driven outcomes of §10).
 */
export type ChangeOrigin = 'partner' | 'practice' | 'zocdoc';

/** §11 `changed_attributes[]` items. */
export interface ChangedAttribute {
  attribute_path: string;
  attachment_type?: string;
}

export interface AppointmentChange {
  appointmentId: string;
  updateType: AppointmentUpdateType;
  changedAttributes: ChangedAttribute[];
  origin: ChangeOrigin;
  /** The appointment's last_modified after the change (epoch ms). */
  modifiedMs: number;
  /** The client whose token booked it (absent: practice-side, seeded or bulk appointments). */
  ownerClientId: string | undefined;
  /** The signed-in user who booked it (authorization-code tokens only). */
  ownerUserId: string | undefined;
}

export type AppointmentChangeListener = (change: AppointmentChange) => void;
