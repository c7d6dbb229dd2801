import { describe, expect, it } from 'vitest';
import { DAY, status } from './lifecycle-helpers.ts';
import {
  book,
  DR_CHEN_MIDTOWN,
  firstSlot,
  type Harness,
  harness,
  ILLNESS,
  validPatient,
} from './sandbox-harness.ts';

/** §12: provider locations whose bookings take a fixed status, and ones with booking requirements. */
const magic = (name: string) => `pr_${name}|lo_${name}`;

const STATUS_LOCATIONS: Array<[string, string]> = [
  ['pending', 'pending_booking'],
  ['confirmed', 'confirmed'],
  ['bookingfailed', 'booking_failed'],
  ['cancelled', 'cancelled'],
  ['noshow', 'no_show'],
  ['pendingreschedule', 'pending_reschedule'],
  ['rescheduled', 'rescheduled'],
  ['reschedulefailed', 'reschedule_failed'],
];

async function bookAt(h: Harness, providerLocationId: string, insurance?: Record<string, unknown> | null) {
  return book(h, {
    start_time: await firstSlot(h, providerLocationId),
    visit_reason_id: ILLNESS,
    provider_location_id: providerLocationId,
    patient_type: 'new',
    patient: { ...validPatient(), ...(insurance === undefined ? {} : { insurance }) },
  });
}

/** A plan the provider location takes (in network) and one it does not (out of network). */
async function plansFor(h: Harness, providerLocationId: string) {
  const mappings = await h.call({
    method: 'GET',
    url: `/v1/provider_locations/${encodeURIComponent(providerLocationId)}/insurance_mappings`,
  });
  expect(mappings.statusCode).toBe(200);
  const accepted = new Set<string>(
    mappings
      .json()
      .data.insurance_plan_mappings.map((m: { insurance_plan_id: string }) => m.insurance_plan_id),
  );
  const plans = await h.call({ method: 'GET', url: '/v1/insurance_plans?page_size=500' });
  const all = plans.json().data.map((p: { id: string }) => p.id) as string[];
  const inNetwork = [...accepted][0];
  const outOfNetwork = all.find((id) => !accepted.has(id));
  if (!inNetwork || !outOfNetwork) throw new Error('the seed has no in- and out-of-network plans here');
  return { inNetwork, outOfNetwork };
}

describe('§12 booking status provider locations', () => {
  it('gives each booking the named status, and no automatic outcome later', async () => {
    const h = await harness({ tokenTtlSeconds: 30 * 86_400 });
    const ids: Array<[string, string]> = [];
    for (const [name, expected] of STATUS_LOCATIONS) {
      const response = await bookAt(h, magic(name));
      expect(response.statusCode, name).toBe(200);
      expect(response.json().data.appointment_status, name).toBe(expected);
      ids.push([response.json().data.appointment_id, expected]);
    }
    // The cancelled one says why, and does not hold its slot.
    const cancelled = h.store.getAppointment(ids[3]![0])!;
    expect(cancelled.cancellation_reason).toEqual(expect.any(String));
    expect(await firstSlot(h, magic('cancelled'))).toBe(cancelled.start_time);
    h.advance(DAY);
    for (const [id, expected] of ids) expect(await status(h, id)).toBe(expected);
  });
});

describe('booking requirements (§6, §12)', () => {
  it('pr_insuranceIdIsRequired: 400 without insurance_plan_id and insurance_member_id', async () => {
    const h = await harness();
    const pl = magic('insuranceIdIsRequired');
    const { inNetwork } = await plansFor(h, pl);
    const none = await bookAt(h, pl, null);
    expect(none.statusCode).toBe(400);
    expect(none.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'data.patient.insurance.insurance_plan_id',
      'data.patient.insurance.insurance_member_id',
    ]);
    const planOnly = await bookAt(h, pl, { insurance_plan_id: inNetwork });
    expect(planOnly.statusCode).toBe(400);
    expect(planOnly.json().errors).toEqual([
      {
        field: 'data.patient.insurance.insurance_member_id',
        message: expect.stringContaining('is required for bookings at provider location'),
      },
    ]);
    const both = await bookAt(h, pl, { insurance_plan_id: inNetwork, insurance_member_id: 'M-123' });
    expect(both.statusCode).toBe(200);
  });

  it('pr_selfPayNotAccepted: 400 when is_self_pay', async () => {
    const h = await harness();
    const pl = magic('selfPayNotAccepted');
    const selfPay = await bookAt(h, pl, { is_self_pay: true });
    expect(selfPay.statusCode).toBe(400);
    expect(selfPay.json().errors[0]).toEqual({
      field: 'data.patient.insurance.is_self_pay',
      message: expect.stringContaining('does not accept self-pay'),
    });
    const { outOfNetwork } = await plansFor(h, pl);
    expect(
      (await bookAt(h, pl, { insurance_plan_id: outOfNetwork, insurance_member_id: 'M-1' })).statusCode,
    ).toBe(200);
    expect((await bookAt(h, pl, null)).statusCode).toBe(200);
  });

  it('pr_acceptsInNetworkOnly: 400 for an out-of-network plan (and for self-pay)', async () => {
    const h = await harness();
    const pl = magic('acceptsInNetworkOnly');
    const { inNetwork, outOfNetwork } = await plansFor(h, pl);
    const out = await bookAt(h, pl, { insurance_plan_id: outOfNetwork, insurance_member_id: 'M-1' });
    expect(out.statusCode).toBe(400);
    expect(out.json().errors[0]).toEqual({
      field: 'data.patient.insurance.insurance_plan_id',
      message: expect.stringContaining('out of network'),
    });
    expect((await bookAt(h, pl, { is_self_pay: true })).statusCode).toBe(400);
    expect(
      (await bookAt(h, pl, { insurance_plan_id: inNetwork, insurance_member_id: 'M-1' })).statusCode,
    ).toBe(200);
  });

  it('leaves ordinary provider locations open to every source', async () => {
    const h = await harness();
    expect((await bookAt(h, DR_CHEN_MIDTOWN, { is_self_pay: true })).statusCode).toBe(200);
    expect(
      (await bookAt(h, DR_CHEN_MIDTOWN, { insurance_plan_id: 'ip_not_a_plan', insurance_member_id: 'M' }))
        .statusCode,
    ).toBe(200);
  });
});
