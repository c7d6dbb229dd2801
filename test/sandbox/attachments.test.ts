import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  admin,
  BOOKING_FAILED_FIXTURE,
  bookFirst,
  CONFIRMED_FIXTURE,
  DAY,
  ERROR_ID,
  NOT_FOUND_ID,
  RESCHEDULE_FAILED_FIXTURE,
} from './lifecycle-helpers.ts';
import { type Harness, harness } from './sandbox-harness.ts';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
const PDF = Buffer.from(
  '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);
/** A JPEG signature followed by noise: large and binary, to catch any re-encoding. */
const jpeg = (size: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(size - 4)]);

/** A real (stored, uncompressed) zip archive: enough to build a genuine minimal .docx or .xlsx. */
function zip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const DOCX = zip({
  '[Content_Types].xml':
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
  'word/document.xml': '<?xml version="1.0"?><w:document/>',
});
const XLSX = zip({
  '[Content_Types].xml': '<?xml version="1.0"?><Types/>',
  'xl/workbook.xml': '<?xml version="1.0"?><workbook/>',
});

/** A multipart/form-data body as a browser would send it (built by the platform's FormData). */
async function form(
  parts: { attachment?: { bytes: Buffer; name?: string; type?: string }; attachment_type?: string } & Record<
    string,
    unknown
  >,
) {
  const data = new FormData();
  for (const [key, value] of Object.entries(parts)) {
    if (key === 'attachment' && value) {
      const file = value as { bytes: Buffer; name?: string; type?: string };
      data.append(
        'attachment',
        new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/octet-stream' }),
        file.name ?? 'upload.bin',
      );
    } else if (typeof value === 'string') data.append(key, value);
  }
  const request = new Request('http://localhost/', { method: 'POST', body: data });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { 'content-type': request.headers.get('content-type')! },
  };
}

async function upload(
  h: Harness,
  appointmentId: string,
  parts: Parameters<typeof form>[0],
  headers: Record<string, string> = {},
) {
  const body = await form(parts);
  return h.call({
    method: 'POST',
    url: `/v1/appointments/${appointmentId}/attachments`,
    payload: body.payload,
    headers: { ...body.headers, ...headers },
  });
}

describe('POST /v1/appointments/{id}/attachments', () => {
  it('stores jpg, png, pdf and docx; answers every attachment of the appointment; bumps last_modified', async () => {
    const h = await harness();
    const id = await bookFirst(h);
    h.advance(60_000);
    const files = [
      { bytes: jpeg(2048), name: 'packet.JPEG', type: 'image/jpeg', kind: 'community_care_packet' },
      { bytes: PNG, name: 'front.png', type: 'image/png', kind: 'patient_front_insurance_card' },
      { bytes: PDF, name: 'referral.pdf', type: 'application/pdf', kind: 'pcp_patient_referral' },
      { bytes: DOCX, name: 'packet.docx', type: 'application/octet-stream', kind: 'community_care_packet' },
    ];
    let response = await upload(h, id, { attachment: files[0], attachment_type: files[0]!.kind });
    for (const file of files.slice(1)) {
      response = await upload(h, id, { attachment: file, attachment_type: file.kind });
      expect(response.statusCode, file.name).toBe(200);
    }
    expect(response.json()).toEqual({
      request_id: expect.any(String),
      data: {
        appointment_id: id,
        attachments: files.map((f) => ({ attachment_type: f.kind })),
      },
    });
    expect(h.store.getAppointment(id)!.last_modified_time_utc).toBe('2026-11-20T12:01:00.003Z');

    const participants = (await h.call({ method: 'GET', url: `/v1/appointments/${id}/participants` })).json();
    expect(
      participants.data.patient.uploaded_attachments.map(
        (a: { attachment_type: string; side: string | null }) => [a.attachment_type, a.side],
      ),
    ).toEqual([
      ['community_care_packet', null],
      ['insurance_card_medical', 'front'],
      ['pcp_patient_referral', null],
      ['community_care_packet', null],
    ]);
  });

  it('returns the stored bytes byte for byte, through attachment_url and the admin surface', async () => {
    const h = await harness();
    const id = await bookFirst(h);
    const original = jpeg(3_000_000); // over the 1 MB JSON body limit: uploads are not bound by it
    expect(
      (
        await upload(h, id, {
          attachment: { bytes: original, name: 'scan.jpg' },
          attachment_type: 'pcp_patient_referral',
        })
      ).statusCode,
    ).toBe(200);

    const participants = (await h.call({ method: 'GET', url: `/v1/appointments/${id}/participants` })).json();
    const url = new URL(participants.data.patient.uploaded_attachments[0].attachment_url);
    const viaApi = await h.call({ method: 'GET', url: url.pathname });
    expect(viaApi.statusCode).toBe(200);
    expect(viaApi.headers['content-type']).toBe('image/jpeg');
    expect(viaApi.headers['content-disposition']).toBe('attachment; filename="scan.jpg"');
    expect(viaApi.rawPayload.equals(original)).toBe(true);

    const listed = (await admin(h, 'GET', `/appointments/${id}/attachments`)).json().data;
    expect(listed).toEqual([
      {
        attachment_id: expect.any(String),
        appointment_id: id,
        attachment_type: 'pcp_patient_referral',
        upload_type: 'pcp_patient_referral',
        side: null,
        content_type: 'image/jpeg',
        file_name: 'scan.jpg',
        size_bytes: original.length,
        uploaded_time_utc: '2026-11-20T12:00:00.000Z',
        source: 'partner',
      },
    ]);
    const viaAdmin = await admin(h, 'GET', `/appointments/${id}/attachments/${listed[0].attachment_id}`);
    expect(viaAdmin.rawPayload.equals(original)).toBe(true);

    const unknown = await h.call({
      method: 'GET',
      url: `/v1/appointments/${id}/attachments/${NOT_FOUND_ID}`,
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().errors[0].field).toBe('attachment_id');
  });

  it('judges the file by its content, not its name', async () => {
    const h = await harness();
    const id = await bookFirst(h);
    const refused: Array<[string, { bytes: Buffer; name: string }]> = [
      [
        'an executable named .pdf',
        { bytes: Buffer.concat([Buffer.from('MZ'), randomBytes(64)]), name: 'scan.pdf' },
      ],
      ['plain text named .png', { bytes: Buffer.from('hello, world'), name: 'card.png' }],
      ['a spreadsheet (zip, not docx) named .docx', { bytes: XLSX, name: 'packet.docx' }],
      ['a PNG named .pdf', { bytes: PNG, name: 'referral.pdf' }],
      ['a GIF', { bytes: Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), name: 'card.gif' }],
    ];
    for (const [what, file] of refused) {
      const response = await upload(h, id, { attachment: file, attachment_type: 'community_care_packet' });
      expect(response.statusCode, what).toBe(400);
      expect(response.json().errors[0].field, what).toBe('attachment');
    }
    // No extension to contradict it: the content decides.
    const bare = await upload(h, id, {
      attachment: { bytes: PDF, name: 'referral' },
      attachment_type: 'pcp_patient_referral',
    });
    expect(bare.statusCode).toBe(200);
    expect((await admin(h, 'GET', `/appointments/${id}/attachments`)).json().data).toHaveLength(1);
  });

  it('enforces the size limit (configurable; 100 MB by default)', async () => {
    const h = await harness({ attachmentMaxBytes: 4096 });
    const id = await bookFirst(h);
    const atLimit = await upload(h, id, {
      attachment: { bytes: jpeg(4096), name: 'a.jpg' },
      attachment_type: 'community_care_packet',
    });
    expect(atLimit.statusCode).toBe(200);
    const over = await upload(h, id, {
      attachment: { bytes: jpeg(4097), name: 'b.jpg' },
      attachment_type: 'community_care_packet',
    });
    expect(over.statusCode).toBe(400);
    expect(over.json().errors).toEqual([
      { field: 'attachment', message: 'attachment must be at most 4096 bytes' },
    ]);
    expect((await admin(h, 'GET', `/appointments/${id}/attachments`)).json().data).toHaveLength(1);
  });

  it('refuses failed appointments and appointments that started more than 7 days ago', async () => {
    const h = await harness();
    const file = {
      attachment: { bytes: PNG, name: 'card.png' },
      attachment_type: 'patient_back_insurance_card',
    };
    for (const id of [BOOKING_FAILED_FIXTURE, RESCHEDULE_FAILED_FIXTURE]) {
      const response = await upload(h, id, file);
      expect(response.statusCode, id).toBe(400);
      expect(response.json().errors[0]).toMatchObject({ field: 'appointment_id' });
    }
    const at = (daysAgo: number) =>
      h.store.createAppointment({
        appointment_status: 'confirmed',
        start_time: new Date(h.now().getTime() - daysAgo * DAY).toISOString(),
      }).appointment_id;
    expect((await upload(h, at(6), file)).statusCode).toBe(200);
    const old = await upload(h, at(8), file);
    expect(old.statusCode).toBe(400);
    expect(old.json().errors[0].message).toContain('7 days');
  });

  it('validates the form and the request', async () => {
    const h = await harness();
    const id = CONFIRMED_FIXTURE;
    const png = { bytes: PNG, name: 'card.png' };
    const cases: Array<[string, Parameters<typeof form>[0], string | undefined]> = [
      ['no attachment_type', { attachment: png }, 'attachment_type'],
      ['an unknown attachment_type', { attachment: png, attachment_type: 'selfie' }, 'attachment_type'],
      ['no file', { attachment_type: 'community_care_packet' }, 'attachment'],
      [
        'an empty file',
        { attachment: { bytes: Buffer.alloc(0), name: 'x.png' }, attachment_type: 'community_care_packet' },
        'attachment',
      ],
    ];
    for (const [what, parts, field] of cases) {
      const response = await upload(h, id, parts);
      expect(response.statusCode, what).toBe(400);
      expect(response.json().errors[0].field, what).toBe(field);
    }
    const json = await h.call({
      method: 'POST',
      url: `/v1/appointments/${id}/attachments`,
      payload: { attachment_type: 'community_care_packet' },
    });
    expect(json.statusCode).toBe(415);

    const good = { attachment: png, attachment_type: 'community_care_packet' };
    expect((await upload(h, NOT_FOUND_ID, good)).statusCode).toBe(404);
    expect((await upload(h, ERROR_ID, good)).statusCode).toBe(500);

    const body = await form(good);
    const anonymous = await h.app.inject({
      method: 'POST',
      url: `/v1/appointments/${id}/attachments`,
      payload: body.payload,
      headers: body.headers,
    });
    expect(anonymous.statusCode).toBe(401);
    const readOnly = await upload(h, id, good, {
      authorization: `Bearer ${await h.token('external.appointment.read')}`,
    });
    expect(readOnly.statusCode).toBe(403);
    // Other endpoints still refuse multipart bodies.
    const elsewhere = await h.call({
      method: 'POST',
      url: '/v1/appointments/confirm',
      payload: body.payload,
      headers: body.headers,
    });
    expect(elsewhere.statusCode).toBe(415);
  });

  it('lets the practice add an attachment on the admin surface', async () => {
    const h = await harness();
    const id = await bookFirst(h);
    const response = await admin(h, 'POST', `/appointments/${id}/attachments`, {
      attachment_type: 'id_card',
      side: 'front',
      file_name: 'license.png',
      content_base64: PNG.toString('base64'),
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().data).toMatchObject({
      attachment_type: 'id_card',
      side: 'front',
      source: 'practice',
    });
    const participants = (await h.call({ method: 'GET', url: `/v1/appointments/${id}/participants` })).json();
    expect(participants.data.patient.uploaded_attachments).toEqual([
      { attachment_type: 'id_card', attachment_url: expect.any(String), side: 'front' },
    ]);
    const bad = await admin(h, 'POST', `/appointments/${id}/attachments`, { attachment_type: 'id_card' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('content_base64');
  });
});
