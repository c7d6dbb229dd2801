import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionError } from '../../src/actions/action-error.ts';
import { createActionContext } from '../../src/actions/file-download.ts';
import { systemLookup } from '../../src/connections/network-policy.ts';
import { renderInput } from '../../src/engine/expressions.ts';
import { type ActionHarness, startActionHarness } from './action-harness.ts';

/** Real file signatures: the sandbox checks content, not only names. */
const pdfBytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(4096), Buffer.from('\n%%EOF\n')]);
const pngBytes = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  randomBytes(2048),
]);

describe('Upload Appointment Attachment', () => {
  let harness: ActionHarness;
  let files: Server;
  let filesUrl: string;
  /** Paths the file server was asked for, to show a refused URL was never fetched. */
  const fileRequests: string[] = [];
  // The file server listens on loopback, which the default context refuses.
  const loopbackAllowed = createActionContext({ allowPrivateNetwork: true });

  beforeAll(async () => {
    harness = await startActionHarness();
    files = createServer((request, response) => {
      fileRequests.push(request.url ?? '');
      if (request.url === '/redirect-to-card') {
        response.writeHead(302, { location: `${filesUrl}/card.png` }).end();
      } else if (request.url === '/card.png') {
        response.writeHead(200, {
          'content-type': 'image/png',
          'content-disposition': 'attachment; filename="card.png"',
        });
        response.end(pngBytes);
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => files.close(resolve));
    await harness.close();
  });

  const upcoming = () => harness.sandbox.store.createAppointment({ appointment_status: 'confirmed' });
  const storedBytes = (appointmentId: string) =>
    harness.sandbox.store
      .participants(appointmentId)
      .attachments.map((a) => ({ type: a.upload_type, bytes: a.bytes }));

  it('uploads base64 content, byte for byte', async () => {
    const appointment = upcoming();
    const output = await harness.run('zocdoc.upload_appointment_attachment', {
      appointment_id: appointment.appointment_id,
      attachment_type: 'pcp_patient_referral',
      file: { content_base64: pdfBytes.toString('base64'), filename: 'referral.pdf' },
    });
    expect(output).toMatchObject({ appointment_id: appointment.appointment_id });
    const [stored] = storedBytes(appointment.appointment_id);
    expect(stored!.type).toBe('pcp_patient_referral');
    expect(Buffer.compare(stored!.bytes, pdfBytes)).toBe(0);
  });

  it('downloads a file by URL and uploads it byte for byte', async () => {
    const appointment = upcoming();
    await harness.run(
      'zocdoc.upload_appointment_attachment',
      {
        appointment_id: appointment.appointment_id,
        attachment_type: 'patient_front_insurance_card',
        file: { url: `${filesUrl}/card.png` },
      },
      loopbackAllowed,
    );
    const [stored] = storedBytes(appointment.appointment_id);
    expect(Buffer.compare(stored!.bytes, pngBytes)).toBe(0);
  });

  it('takes the file from an earlier step’s output mapped by a template', async () => {
    const appointment = upcoming();
    const input = await renderInput(
      {
        appointment_id: appointment.appointment_id,
        attachment_type: 'community_care_packet',
        file: '{{ steps.fetch.file }}',
      },
      {
        trigger: {},
        steps: { fetch: { file: { content_base64: pdfBytes.toString('base64'), filename: 'packet.pdf' } } },
        run: { id: 'r', workflow_id: 'w', event_id: 'e' },
      },
    );
    await harness.run('zocdoc.upload_appointment_attachment', input);
    expect(Buffer.compare(storedBytes(appointment.appointment_id)[0]!.bytes, pdfBytes)).toBe(0);
  });

  it('refuses a file type Zocdoc does not take, before sending', async () => {
    const appointment = upcoming();
    const before = harness.apiRequests.length;
    const error = await harness
      .run('zocdoc.upload_appointment_attachment', {
        appointment_id: appointment.appointment_id,
        attachment_type: 'pcp_patient_referral',
        file: { content_base64: Buffer.from('hello').toString('base64'), filename: 'notes.txt' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).toJSON()).toMatchObject({
      kind: 'validation',
      details: [{ field: 'file.filename' }],
    });
    expect(harness.apiRequests.length).toBe(before);
  });

  it('reports the API’s refusal of content that is not what its name says', async () => {
    const appointment = upcoming();
    const error = await harness
      .run('zocdoc.upload_appointment_attachment', {
        appointment_id: appointment.appointment_id,
        attachment_type: 'pcp_patient_referral',
        file: { content_base64: Buffer.from('not really a pdf').toString('base64'), filename: 'fake.pdf' },
      })
      .catch((e: unknown) => e);
    expect((error as ActionError).toJSON()).toMatchObject({ kind: 'validation', status: 400 });
  });

  it('says not_found when the file URL does not exist', async () => {
    const appointment = upcoming();
    const error = await harness
      .run(
        'zocdoc.upload_appointment_attachment',
        {
          appointment_id: appointment.appointment_id,
          attachment_type: 'pcp_patient_referral',
          file: { url: `${filesUrl}/missing.pdf` },
        },
        loopbackAllowed,
      )
      .catch((e: unknown) => e);
    expect((error as ActionError).kind).toBe('not_found');
  });

  describe('file URLs that reach this server’s own network', () => {
    /** Runs the upload with `url`; expects a validation error on file.url and that nothing was fetched or sent. */
    async function expectRefused(url: string, context?: Parameters<ActionHarness['run']>[2]) {
      const appointment = upcoming();
      const apiBefore = harness.apiRequests.length;
      const filesBefore = fileRequests.filter((path) => path === '/card.png').length;
      const error = await harness
        .run(
          'zocdoc.upload_appointment_attachment',
          {
            appointment_id: appointment.appointment_id,
            attachment_type: 'patient_front_insurance_card',
            file: { url },
          },
          context,
        )
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ActionError);
      expect((error as ActionError).toJSON()).toMatchObject({
        kind: 'validation',
        details: [{ field: 'file.url', message: expect.stringMatching(/not (a )?public/) }],
      });
      expect(fileRequests.filter((path) => path === '/card.png').length).toBe(filesBefore);
      expect(harness.apiRequests.length).toBe(apiBefore);
      expect(storedBytes(appointment.appointment_id)).toEqual([]);
    }

    it('refuses 127.0.0.1 by default', async () => {
      await expectRefused(`${filesUrl}/card.png`);
    });

    it('refuses a private IP literal, cloud metadata and IPv4-mapped loopback', async () => {
      await expectRefused('http://10.0.0.5/card.png');
      await expectRefused('http://169.254.169.254/latest/meta-data/card.png');
      await expectRefused(`http://[::ffff:127.0.0.1]:${new URL(filesUrl).port}/card.png`);
    });

    it('refuses a host name that resolves to loopback', async () => {
      await expectRefused(`http://localhost:${new URL(filesUrl).port}/card.png`);
    });

    it('refuses a redirect to loopback from a host that passed the check', async () => {
      // files.example.com "resolves" to a public address for the check, and the fetch
      // actually goes to the local file server, which answers 302 to 127.0.0.1.
      const context = createActionContext({
        lookup: async (hostname) =>
          hostname === 'files.example.com' ? [{ address: '93.184.216.34' }] : systemLookup(hostname),
        fetch: (input, init) => {
          const url = new URL(input instanceof Request ? input.url : String(input));
          if (url.hostname === 'files.example.com') url.hostname = '127.0.0.1';
          return fetch(url, init);
        },
      });
      const redirectsBefore = fileRequests.filter((path) => path === '/redirect-to-card').length;
      await expectRefused(`http://files.example.com:${new URL(filesUrl).port}/redirect-to-card`, context);
      // The first hop was fetched: the refusal came at the redirect.
      expect(fileRequests.filter((path) => path === '/redirect-to-card').length).toBe(redirectsBefore + 1);
    });
  });
});
