import { z } from 'zod';
import type { ActionContext, DownloadedFile } from '../../action-definition.ts';
import { defineAction } from '../../action-definition.ts';
import { ActionError } from '../../action-error.ts';
import { appointmentIdSchema } from '../zocdoc-schemas.ts';

const attachmentTypes = [
  'community_care_packet',
  'pcp_patient_referral',
  'patient_front_insurance_card',
  'patient_back_insurance_card',
] as const;

/** Zocdoc takes jpg, png, pdf and docx; the content type tells it which. */
const contentTypeByExtension: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

const fileFromUrl = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).describe('http(s) address to download the file from'),
  filename: z.string().min(1).optional().describe('Name to send; default: from the download'),
});
const fileFromContent = z.strictObject({
  content_base64: z.base64().min(1).describe('The file’s bytes, base64-encoded'),
  filename: z.string().min(1).describe('File name with its extension, e.g. referral.pdf'),
  content_type: z.string().min(1).optional().describe('MIME type; default: from the extension'),
});

export const uploadAppointmentAttachment = defineAction({
  key: 'zocdoc.upload_appointment_attachment',
  connector: 'zocdoc',
  title: 'Upload Appointment Attachment',
  description:
    'Attaches a document (jpg, png, pdf or docx, under 100 MB) to an appointment: a referral, a care packet or an ' +
    'insurance card side. The file comes from a URL, from base64 content, or from an earlier step’s output mapped into ' +
    'either. Not retried after an ambiguous failure, so a document is never attached twice.',
  group: 'Appointments',
  input: z.strictObject({
    appointment_id: appointmentIdSchema,
    attachment_type: z.enum(attachmentTypes).describe('What the document is'),
    file: z.union([fileFromUrl, fileFromContent]).describe('The file: {url} or {content_base64, filename}'),
  }),
  output: z.looseObject({
    appointment_id: z.string().describe('Appointment id'),
    attachments: z
      .array(z.looseObject({ attachment_type: z.string().describe('Type of an attached document') }))
      .describe('Documents now attached to the appointment'),
  }),
  idempotent: false,
  request: async (input, context) => {
    const file = await resolveFile(input.file, context);
    const form = new FormData();
    form.append('attachment_type', input.attachment_type);
    form.append('attachment', new Blob([file.bytes], { type: file.contentType }), file.filename);
    return {
      method: 'POST',
      path: `/v1/appointments/${encodeURIComponent(input.appointment_id)}/attachments`,
      body: form,
    };
  },
});

async function resolveFile(
  file: z.infer<typeof fileFromUrl> | z.infer<typeof fileFromContent>,
  context: ActionContext,
): Promise<{ bytes: Uint8Array; filename: string; contentType: string }> {
  let downloaded: DownloadedFile;
  let filename: string | undefined;
  let contentType: string | undefined;
  if ('url' in file) {
    downloaded = await context.fetchFile(file.url);
    filename = file.filename ?? downloaded.filename ?? undefined;
    contentType = downloaded.contentType?.split(';')[0]?.trim() || undefined;
  } else {
    downloaded = { bytes: Buffer.from(file.content_base64, 'base64'), contentType: null, filename: null };
    filename = file.filename;
    contentType = file.content_type;
  }
  const extension = filename?.split('.').pop()?.toLowerCase() ?? '';
  const byExtension = contentTypeByExtension[extension];
  if (!filename || !byExtension) {
    throw new ActionError('validation', 'The file must be a .jpg, .png, .pdf or .docx', {
      details: [
        { field: 'file.filename', message: `"${filename ?? ''}" is not a jpg, png, pdf or docx name` },
      ],
    });
  }
  return { bytes: downloaded.bytes, filename, contentType: contentType ?? byExtension };
}
