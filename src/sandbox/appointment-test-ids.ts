import { buildEntry, SOURCE_PARTNER_API } from './appointment-factory.ts';
import type { AppointmentEntry } from './appointment-model.ts';
import type { NewAttachment } from './attachment-store.ts';
import type { Directory } from './directory.ts';
import { DAY_MS, epochDayInZone, wallTimeToInstant } from './local-time.ts';
import { SandboxError } from './sandbox-errors.ts';
import { DEFAULT_PROVIDER_LOCATION_ID, syntheticPatient } from './seed-data.ts';

/**
 * The §12 appointment ids that are not ordinary fixtures: one that is never found, one that
 * always fails, and one seeded with several attachments (its participants list them and
 * their URLs serve real bytes).
 */

/** Never seeded: every appointment endpoint answers 404 for it. */
export const NOT_FOUND_APPOINTMENT_ID = '83f5cf14-3eb1-4034-be1f-e7c3058aad21';
/** Every appointment endpoint answers 500 for it (a simulated Zocdoc fault). */
export const ERROR_APPOINTMENT_ID = 'dc69a428-8a73-461b-bd7b-df755910a3fb';
/** A confirmed appointment with three attachments (two insurance card sides and a referral). */
export const SEVERAL_ATTACHMENTS_APPOINTMENT_ID = '08399012-db42-4f0b-92a5-4fbceffcbd58';

export const simulatedServerError = () =>
  new SandboxError(
    500,
    { message: 'Simulated Zocdoc server error (sandbox test appointment id)' },
    'api_error',
  );

/** A 1×1 PNG: the smallest real image, so a client's image handling sees a valid file. */
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
const REFERRAL_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n' +
    'trailer<</Root 1 0 R>>\n%%EOF\n',
);

/**
 * The several-attachments appointment: confirmed, at 08:00 local (before opening, so it
 * takes no bookable slot) ten days from the clock's today at the default provider location.
 */
export function severalAttachmentsFixture(
  directory: Directory,
  nowMs: number,
): { entry: AppointmentEntry; attachments: NewAttachment[] } | undefined {
  const pl = directory.providerLocation(DEFAULT_PROVIDER_LOCATION_ID);
  const reason = pl && directory.visitReason(pl.provider.default_visit_reason_id);
  if (!pl || !reason) return undefined;
  const today = epochDayInZone(pl.location.time_zone, nowMs);
  const startMs = wallTimeToInstant(pl.location.time_zone, today + 10, 8 * 60);
  const createdMs = nowMs - DAY_MS;
  const entry = buildEntry({
    appointmentId: SEVERAL_ATTACHMENTS_APPOINTMENT_ID,
    status: 'confirmed',
    providerLocation: pl,
    visitReason: reason,
    patientType: 'new',
    startMs,
    durationMinutes: reason.duration_minutes.new,
    createdMs,
    patient: syntheticPatient(2000),
    notes: 'Zocdoc sandbox fixture appointment with attachments',
    source: SOURCE_PARTNER_API,
    occupiesSlot: true,
  });
  const attachment = (
    attachmentId: string,
    type: NewAttachment['type'],
    side: NewAttachment['side'],
    contentType: string,
    fileName: string,
    bytes: Buffer,
  ): NewAttachment => ({
    attachmentId,
    appointmentId: SEVERAL_ATTACHMENTS_APPOINTMENT_ID,
    type,
    uploadType: null,
    side,
    contentType,
    fileName,
    bytes,
    uploadedMs: createdMs,
    source: 'seed',
  });
  return {
    entry,
    attachments: [
      attachment(
        '6c1f0b1e-3d2a-4e5f-8a9b-0c1d2e3f4a01',
        'insurance_card_medical',
        'front',
        'image/png',
        'insurance-front.png',
        PNG_1X1,
      ),
      attachment(
        '6c1f0b1e-3d2a-4e5f-8a9b-0c1d2e3f4a02',
        'insurance_card_medical',
        'back',
        'image/png',
        'insurance-back.png',
        PNG_1X1,
      ),
      attachment(
        '6c1f0b1e-3d2a-4e5f-8a9b-0c1d2e3f4a03',
        'pcp_patient_referral',
        null,
        'application/pdf',
        'referral.pdf',
        REFERRAL_PDF,
      ),
    ],
  };
}
