import { formatUtc } from './local-time.ts';

/**
 * Appointment attachments (zocdoc-api.md §5.15, §5.19), bytes included, in memory. The
 * partner uploads with the AttachmentType enum; participants list them with the
 * UploadedAttachmentType enum (and a side for insurance cards), so an upload is stored with
 * both. Bytes are kept exactly as received, so a download returns them byte for byte.
 */

/** §9 AttachmentType: what POST …/attachments takes. */
export const attachmentTypes = [
  'community_care_packet',
  'pcp_patient_referral',
  'patient_front_insurance_card',
  'patient_back_insurance_card',
] as const;
export type AttachmentType = (typeof attachmentTypes)[number];

/** §9 UploadedAttachmentType: what participants' `uploaded_attachments` say. */
export const uploadedAttachmentTypes = [
  'insurance_card_medical',
  'insurance_card_dental',
  'insurance_card_vision',
  'insurance_card_secondary',
  'id_card',
  'intake_form',
  'community_care_packet',
  'pcp_patient_referral',
  'other',
] as const;
export type UploadedAttachmentType = (typeof uploadedAttachmentTypes)[number];

export type DocumentSide = 'front' | 'back';

/**
 * An upload type as participants show it. The docs name no mapping (§14-style gap); an
 * insurance card uploaded by the partner is taken as the medical card, side from the type.
 */
export function uploadedView(type: AttachmentType): {
  type: UploadedAttachmentType;
  side: DocumentSide | null;
} {
  switch (type) {
    case 'patient_front_insurance_card':
      return { type: 'insurance_card_medical', side: 'front' };
    case 'patient_back_insurance_card':
      return { type: 'insurance_card_medical', side: 'back' };
    default:
      return { type, side: null };
  }
}

export interface StoredAttachment {
  attachment_id: string;
  appointment_id: string;
  /** The participants' type. */
  attachment_type: UploadedAttachmentType;
  /** The type it was uploaded as, when uploaded through the API. */
  upload_type: AttachmentType | null;
  side: DocumentSide | null;
  content_type: string;
  file_name: string | null;
  size_bytes: number;
  uploaded_time_utc: string;
  /** Who added it: the partner API, the practice (admin surface) or the seed. */
  source: 'partner' | 'practice' | 'seed';
  bytes: Buffer;
}

/** An attachment without its bytes, as the admin listing shows it. */
export type AttachmentMeta = Omit<StoredAttachment, 'bytes'>;

export const attachmentMeta = ({ bytes: _bytes, ...meta }: StoredAttachment): AttachmentMeta => meta;

export interface NewAttachment {
  attachmentId: string;
  appointmentId: string;
  type: UploadedAttachmentType;
  uploadType: AttachmentType | null;
  side: DocumentSide | null;
  contentType: string;
  fileName: string | null;
  bytes: Buffer;
  uploadedMs: number;
  source: StoredAttachment['source'];
}

export interface AttachmentStore {
  add(attachment: NewAttachment): StoredAttachment;
  /** In upload order. */
  list(appointmentId: string): StoredAttachment[];
  get(appointmentId: string, attachmentId: string): StoredAttachment | undefined;
  clear(): void;
}

export function createAttachmentStore(): AttachmentStore {
  const byAppointment = new Map<string, StoredAttachment[]>();
  return {
    add(input) {
      const stored: StoredAttachment = {
        attachment_id: input.attachmentId,
        appointment_id: input.appointmentId,
        attachment_type: input.type,
        upload_type: input.uploadType,
        side: input.side,
        content_type: input.contentType,
        file_name: input.fileName,
        size_bytes: input.bytes.length,
        uploaded_time_utc: formatUtc(input.uploadedMs),
        source: input.source,
        // A private copy: the caller's buffer may be reused or changed.
        bytes: Buffer.from(input.bytes),
      };
      const list = byAppointment.get(input.appointmentId) ?? [];
      list.push(stored);
      byAppointment.set(input.appointmentId, list);
      return stored;
    },
    list: (appointmentId) => [...(byAppointment.get(appointmentId) ?? [])],
    get: (appointmentId, attachmentId) =>
      byAppointment.get(appointmentId)?.find((a) => a.attachment_id === attachmentId),
    clear: () => byAppointment.clear(),
  };
}
