/**
 * What a file really is, from its first bytes (and, for docx, its zip entry names), not
 * from its name or declared content type: §5.19 accepts jpg, png, pdf and docx only, and a
 * renamed executable must not pass as a PDF.
 */

export const attachmentFileKinds = ['jpg', 'png', 'pdf', 'docx'] as const;
export type AttachmentFileKind = (typeof attachmentFileKinds)[number];

export const contentTypeOf: Readonly<Record<AttachmentFileKind, string>> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** File-name extensions that agree with each kind. */
const extensionsOf: Readonly<Record<AttachmentFileKind, readonly string[]>> = {
  jpg: ['jpg', 'jpeg'],
  png: ['png'],
  pdf: ['pdf'],
  docx: ['docx'],
};

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PDF = [...Buffer.from('%PDF-')];
const ZIP = [0x50, 0x4b, 0x03, 0x04];

/**
 * jpg / png / pdf by signature. docx is a zip (OOXML) holding `[Content_Types].xml` and a
 * `word/` part; entry names are stored uncompressed in the zip headers, so a byte search
 * finds them without unzipping. Any other zip (xlsx, a plain archive) is not a docx.
 */
export function sniffFileKind(bytes: Uint8Array): AttachmentFileKind | undefined {
  if (startsWith(bytes, JPEG)) return 'jpg';
  if (startsWith(bytes, PNG)) return 'png';
  if (startsWith(bytes, PDF)) return 'pdf';
  if (startsWith(bytes, ZIP)) {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (buffer.includes('[Content_Types].xml') && buffer.includes('word/')) return 'docx';
  }
  return undefined;
}

/** The lower-case extension of a file name, or undefined when it has none. */
export function extensionOf(fileName: string | undefined): string | undefined {
  if (!fileName) return undefined;
  const dot = fileName.lastIndexOf('.');
  return dot <= 0 || dot === fileName.length - 1 ? undefined : fileName.slice(dot + 1).toLowerCase();
}

/** Whether a file name's extension (when it has one) agrees with the sniffed kind. */
export function nameAgreesWith(kind: AttachmentFileKind, fileName: string | undefined): boolean {
  const extension = extensionOf(fileName);
  return extension === undefined || extensionsOf[kind].includes(extension);
}
