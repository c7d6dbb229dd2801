import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type AttachmentType, attachmentTypes } from './attachment-store.ts';
import type { BearerAuth } from './bearer-auth.ts';
import { dataEnvelope } from './envelopes.ts';
import { orRequired, parseOr400 } from './request-validation.ts';
import { invalid, notFound, SandboxError } from './sandbox-errors.ts';
import type { SandboxStore } from './sandbox-store.ts';

/**
 * Appointment attachments under /v1 (zocdoc-api.md §5.19, §5.15):
 *   POST /appointments/{id}/attachments                   multipart upload (appointment.write)
 *   GET  /appointments/{id}/attachments/{attachment_id}   the bytes (appointment.read): the
 *        `attachment_url` the participants list, "under the same auth" as the API.
 * The multipart parser is registered in this plugin only, so every other endpoint still
 * answers a multipart body with 415.
 */

/** §5.19 / §13: 100 MB since 2026-05 (10 MB before). */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 100 * 1024 * 1024;

export interface AttachmentRouteOptions {
  store: SandboxStore;
  auth: BearerAuth;
  /** Largest accepted file, in bytes (default 100 MB); a test can set a small one. */
  maxBytes?: number;
}

const formSchema = z.object({
  attachment_type: z.enum(attachmentTypes, orRequired(`must be one of ${attachmentTypes.join(', ')}`)),
});

export async function attachmentRoutes(app: FastifyInstance, options: AttachmentRouteOptions) {
  const { store, auth } = options;
  const maxBytes = options.maxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES;
  const MB = 1024 * 1024;
  const limitText = maxBytes % MB === 0 ? `${maxBytes / MB} MB` : `${maxBytes} bytes`;

  await app.register(multipart, {
    limits: { fileSize: maxBytes, files: 5, fields: 20, parts: 25 },
    throwFileSizeLimit: true,
    // The `attachment` part is the file whatever its headers say (a client may omit the
    // filename); a text decoding would corrupt the bytes.
    isPartAFile: (fieldName, contentType, fileName) =>
      fieldName === 'attachment' || fileName !== undefined || contentType === 'application/octet-stream',
  });

  app.post<{ Params: { appointment_id: string } }>(
    '/appointments/:appointment_id/attachments',
    { onRequest: auth.requireScope('external.appointment.write') },
    async (request) => {
      if (!request.isMultipart()) {
        throw new SandboxError(415, {
          message:
            'The request body must be multipart/form-data with the parts attachment and attachment_type',
        });
      }
      const fields: Record<string, string> = {};
      let file: { bytes: Buffer; fileName: string | undefined } | undefined;
      let extraFiles = 0;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'field') {
            if (typeof part.value === 'string') fields[part.fieldname] = part.value;
            continue;
          }
          if (part.fieldname !== 'attachment' || file) {
            // Unknown file parts are ignored (like unknown fields), but must be read through.
            extraFiles += part.fieldname === 'attachment' ? 1 : 0;
            await part.toBuffer();
            continue;
          }
          file = { bytes: await part.toBuffer(), fileName: part.filename || undefined };
        }
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          throw invalid('attachment', `attachment must be at most ${limitText}`);
        }
        if ((error as { code?: string }).code?.startsWith('FST_')) {
          throw invalid(undefined, `Malformed multipart body: ${(error as Error).message}`);
        }
        throw error;
      }
      const form = parseOr400(formSchema, fields);
      if (!file) throw invalid('attachment', 'attachment is required (a file part)');
      if (extraFiles > 0) throw invalid('attachment', 'attachment must be given once per request');
      if (file.bytes.length === 0) throw invalid('attachment', 'attachment must not be empty');

      const stored = store.addAttachment(
        request.params.appointment_id,
        {
          attachmentType: form.attachment_type as AttachmentType,
          bytes: file.bytes,
          fileName: file.fileName,
        },
        auth.viewerOf(request),
      );
      return dataEnvelope(request, {
        appointment_id: request.params.appointment_id,
        // Every attachment of the appointment, in upload order, by the type it was uploaded as
        // (the seed's and the practice's, which have no upload type, by their participants' type).
        attachments: stored.map((a) => ({ attachment_type: a.upload_type ?? a.attachment_type })),
      });
    },
  );

  app.get<{ Params: { appointment_id: string; attachment_id: string } }>(
    '/appointments/:appointment_id/attachments/:attachment_id',
    { onRequest: auth.requireScope('external.appointment.read') },
    async (request, reply) => {
      const { appointment_id: id, attachment_id: attachmentId } = request.params;
      const attachment = store.getAttachment(id, attachmentId, auth.viewerOf(request));
      if (!attachment) throw notFound('attachment_id', `Attachment ${attachmentId} was not found`);
      const disposition = attachment.file_name
        ? `attachment; filename="${attachment.file_name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"`
        : 'attachment';
      return reply
        .header('content-type', attachment.content_type)
        .header('content-length', attachment.bytes.length)
        .header('content-disposition', disposition)
        .header('cache-control', 'private, no-store')
        .send(attachment.bytes);
    },
  );
}
