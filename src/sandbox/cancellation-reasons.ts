/**
 * §9 CancellationReasonType and what the sandbox stores as an appointment's
 * `cancellation_reason` (§8). Free text is accepted only with the two "other" reasons
 * (§5.16); otherwise the stored reason is the type's label, so a reader of the appointment
 * learns why without knowing the enum.
 */

export const cancellationReasonTypes = [
  'patient_no_longer_needs_appointment',
  'patient_no_longer_available',
  'other_patient_reason',
  'missing_needed_patient_information',
  'payment_or_insurance_issue',
  'patient_or_visit_type_not_accepted',
  'provider_not_available',
  'rescheduling_patient',
  'other_provider_reason',
] as const;
export type CancellationReasonType = (typeof cancellationReasonTypes)[number];

/** The types that take free text in `cancellation_reason`. */
export const freeTextReasonTypes: ReadonlySet<CancellationReasonType> = new Set([
  'other_patient_reason',
  'other_provider_reason',
]);

/** Not documented; the sandbox's limit, as for `notes` elsewhere it is generous but finite. */
export const CANCELLATION_REASON_MAX_LENGTH = 255;

export const cancellationReasonLabel: Readonly<Record<CancellationReasonType, string>> = {
  patient_no_longer_needs_appointment: 'Patient no longer needs appointment',
  patient_no_longer_available: 'Patient no longer available',
  other_patient_reason: 'Other patient reason',
  missing_needed_patient_information: 'Missing needed patient information',
  payment_or_insurance_issue: 'Payment or insurance issue',
  patient_or_visit_type_not_accepted: 'Patient or visit type not accepted',
  provider_not_available: 'Provider not available',
  rescheduling_patient: 'Rescheduling patient',
  other_provider_reason: 'Other provider reason',
};

/** The stored reason: the free text when given, else the type's label, else none. */
export function storedCancellationReason(
  type: CancellationReasonType | undefined,
  text: string | undefined,
): string | null {
  if (text !== undefined && text.trim() !== '') return text.trim();
  return type === undefined ? null : cancellationReasonLabel[type];
}
