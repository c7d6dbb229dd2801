import { randomUUID } from 'node:crypto';
import { buildEntry, localStartTime, SOURCE_MARKETPLACE, SOURCE_PARTNER_API } from './appointment-factory.ts';
import type {
  AppointmentData,
  AppointmentEntry,
  AppointmentRecord,
  ConfirmationType,
} from './appointment-model.ts';
import { copyRecord, toAppointmentData } from './appointment-model.ts';
import { type AppointmentFilter, type AppointmentPageRequest, selectPage } from './appointment-query.ts';
import {
  type AppointmentOperation,
  type AppointmentStatus,
  transition,
} from './appointment-state-machine.ts';
import {
  availabilityFor,
  FIRST_AVAILABILITY_LOOKAHEAD_DAYS,
  findOfferedSlot,
  freeSlotsOnDay,
  type ProviderLocationAvailability,
  resolveDateRange,
  type SlotContext,
  slotMinutes,
} from './availability.ts';
import { generateBulkEntries } from './bulk-appointments.ts';
import {
  buildDirectory,
  type Directory,
  type DirectorySeed,
  type PatientType,
  type ProviderLocation,
  type ProviderLocationSummary,
  type VisitReason,
} from './directory.ts';
import {
  DAY_MS,
  epochDayInZone,
  formatUtc,
  MINUTE_MS,
  parseOffsetDateTime,
  wallTimeToInstant,
} from './local-time.ts';
import { createOccupancyIndex } from './occupancy-index.ts';
import type { Patient } from './patient-validation.ts';
import { conflict, invalid, notFound } from './sandbox-errors.ts';
import {
  DEFAULT_PROVIDER_LOCATION_ID,
  directorySeed,
  fixtureAppointments,
  syntheticPatient,
} from './seed-data.ts';

/**
 * The sandbox's in-memory state and its programmatic API (used by the routes, by tests and
 * by the demo). Every "now" comes from the injected clock. Records handed out are copies:
 * changing one changes nothing in the store.
 */

export interface SandboxStoreOptions {
  clock: () => Date;
  /** Seed Zocdoc's documented fixed-status appointment ids (§12). Default true. */
  seedFixtureAppointments?: boolean;
  /** Replace the directory (practices, providers, schedules). Default: seed-data.ts. */
  directorySeed?: DirectorySeed;
}

export interface AvailabilityRequest {
  providerLocationIds: readonly string[];
  visitReasonId: string;
  patientType: PatientType;
  /** `YYYY-MM-DD` in provider local time; default today in US Eastern. */
  startDate?: string | undefined;
  /** `YYYY-MM-DD`, inclusive; default start + 7 days; at most start + 31 days. */
  endDate?: string | undefined;
  insurancePlanId?: string | undefined;
  insuranceCarrierId?: string | undefined;
}

/** A partner booking (POST /v1/appointments `data`), already shape-validated. */
export interface BookingRequest {
  start_time: string;
  visit_reason_id: string;
  provider_location_id: string;
  patient_type: PatientType;
  notes?: string | null | undefined;
  patient: Patient;
}

/** A practice-side appointment: every field optional; see `createAppointment`. */
export interface PracticeAppointmentInput {
  provider_location_id?: string | undefined;
  visit_reason_id?: string | undefined;
  patient_type?: PatientType | undefined;
  /** ISO-8601 with offset, or a Date. Any time is accepted (a practice can double-book). */
  start_time?: string | Date | undefined;
  appointment_status?: AppointmentStatus | undefined;
  patient?: Partial<Patient> | undefined;
  notes?: string | null | undefined;
  source?: string | undefined;
  confirmation_type?: ConfirmationType | undefined;
  cancellation_reason?: string | null | undefined;
}

/** A practice-side change. Every call bumps last_modified_time_utc, even an empty patch. */
export interface AppointmentPatch {
  appointment_status?: AppointmentStatus | undefined;
  start_time?: string | Date | undefined;
  notes?: string | null | undefined;
  visit_reason_id?: string | undefined;
  cancellation_reason?: string | null | undefined;
}

export interface SandboxStore {
  readonly clock: () => Date;
  readonly directory: Directory;
  listProviderLocations(): ProviderLocationSummary[];
  /** Free slots per provider location. Throws SandboxError (400 bad input, 404 unknown location). */
  availability(request: AvailabilityRequest): ProviderLocationAvailability[];
  /** Partner booking: the start must be an offered slot. Status pending_booking. Throws 400. */
  bookAppointment(request: BookingRequest): AppointmentRecord;
  /**
   * Practice-side create (a booking made outside the partner API). Defaults: the default
   * provider location, its provider's default visit reason, patient type `new` (`existing`
   * where new patients are not accepted), the next free slot from now, status
   * pending_booking, a synthetic patient (merged under any given fields), source
   * "Zocdoc Marketplace". Throws SandboxError 400 on unknown ids.
   */
  createAppointment(input?: PracticeAppointmentInput): AppointmentRecord;
  /** Practice-side change of status / start / notes / visit reason. Throws 404 / 400. */
  updateAppointment(id: string, patch: AppointmentPatch): AppointmentRecord;
  /** A partner operation through the state machine. Throws 404 unknown, 409 not allowed. */
  applyOperation(id: string, operation: AppointmentOperation): AppointmentRecord;
  getAppointment(id: string): AppointmentRecord | undefined;
  /** Every matching appointment (copies), sorted as the filter says (default start time, descending). */
  listAppointments(filter?: AppointmentFilter): AppointmentRecord[];
  /** One page of the API view (no patient) and the total count of matches. */
  pageAppointments(request: AppointmentPageRequest): { totalCount: number; items: AppointmentData[] };
  /** Adds `count` load-test appointments (see bulk-appointments.ts). */
  bulkCreateAppointments(count: number): { created: number; total: number };
  count(): number;
  /** Back to the seed: appointments cleared, fixtures re-seeded relative to the clock's now. */
  reset(): void;
}

const PATIENT_POOL_SIZE = 1000;

export function createSandboxStore(options: SandboxStoreOptions): SandboxStore {
  const clock = options.clock;
  const directory = buildDirectory(options.directorySeed ?? directorySeed);
  const seedFixtures = options.seedFixtureAppointments ?? true;
  const appointments = new Map<string, AppointmentEntry>();
  const occupancy = createOccupancyIndex();
  let patientPool: Patient[] | undefined;
  let patientSequence = 0;

  const nowMs = () => clock().getTime();
  const slotContext = (): SlotContext => ({ occupancy, nowMs: nowMs() });

  const insert = (entry: AppointmentEntry) => {
    appointments.set(entry.record.appointment_id, entry);
    occupancy.add(entry);
  };

  /** last_modified moves on every change, strictly: a frozen test clock still shows the change. */
  const bump = (entry: AppointmentEntry) => {
    entry.modifiedMs = Math.max(nowMs(), entry.modifiedMs + 1);
    entry.record.last_modified_time_utc = formatUtc(entry.modifiedMs);
  };

  const requireProviderLocation = (id: string, field: string): ProviderLocation => {
    const pl = directory.providerLocation(id);
    if (!pl) throw invalid(field, `${field} ${id} is not a known provider location`);
    return pl;
  };

  const requireVisitReason = (pl: ProviderLocation, id: string, field: string): VisitReason => {
    const reason = directory.visitReason(id);
    if (!reason) throw invalid(field, `${field} ${id} is not a known visit reason`);
    if (!pl.provider.visit_reason_ids.includes(id)) {
      throw invalid(field, `${field} ${id} is not offered by provider location ${pl.provider_location_id}`);
    }
    return reason;
  };

  const toInstant = (value: string | Date, field: string): number => {
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) throw invalid(field, `${field} is not a valid date`);
      return value.getTime();
    }
    const ms = parseOffsetDateTime(value);
    if (ms === undefined) {
      throw invalid(
        field,
        `${field} must be an ISO-8601 date-time with an offset, e.g. 2026-11-23T09:00:00-05:00`,
      );
    }
    return ms;
  };

  const nextFreeSlot = (pl: ProviderLocation, durationMinutes: number): number | undefined => {
    const ctx = slotContext();
    const today = epochDayInZone(pl.location.time_zone, ctx.nowMs);
    for (let day = today; day <= today + FIRST_AVAILABILITY_LOOKAHEAD_DAYS; day++) {
      const slot = freeSlotsOnDay(ctx, pl, durationMinutes, day)[0];
      if (slot) return slot.startMs;
    }
    return undefined;
  };

  const copy = (entry: AppointmentEntry): AppointmentRecord => copyRecord(entry.record);

  const requireEntry = (id: string, field: string): AppointmentEntry => {
    const entry = appointments.get(id);
    if (!entry) throw notFound(field, `Appointment ${id} was not found`);
    return entry;
  };

  const seed = () => {
    appointments.clear();
    occupancy.clear();
    patientSequence = 0;
    if (!seedFixtures) return;
    const pl = directory.providerLocation(DEFAULT_PROVIDER_LOCATION_ID);
    if (!pl) return;
    const reason = directory.visitReason(pl.provider.default_visit_reason_id)!;
    const now = nowMs();
    const today = epochDayInZone(pl.location.time_zone, now);
    fixtureAppointments.forEach((fixture, i) => {
      const startMs = wallTimeToInstant(pl.location.time_zone, today + fixture.day_offset, 8 * 60);
      const createdMs = Math.min(now, startMs) - DAY_MS;
      insert(
        buildEntry({
          appointmentId: fixture.appointment_id,
          status: fixture.appointment_status,
          providerLocation: pl,
          visitReason: reason,
          patientType: fixture.patient_type,
          startMs,
          durationMinutes: slotMinutes(reason, fixture.patient_type),
          createdMs,
          patient: syntheticPatient(PATIENT_POOL_SIZE + i),
          notes: 'Zocdoc sandbox fixture appointment',
          source: SOURCE_PARTNER_API,
          cancellationReason:
            fixture.appointment_status === 'cancelled' ? 'Patient no longer available' : null,
          occupiesSlot: true,
        }),
      );
    });
  };

  seed();

  return {
    clock,
    directory,

    listProviderLocations: () => directory.providerLocations.map((pl) => directory.summarise(pl)),

    availability(request) {
      const range = resolveDateRange(nowMs(), request.startDate, request.endDate);
      const unknown = request.providerLocationIds.filter((id) => !directory.providerLocation(id));
      if (unknown.length > 0) {
        throw notFound('provider_location_ids', `Unknown provider location id(s): ${unknown.join(', ')}`);
      }
      const reason = directory.visitReason(request.visitReasonId);
      if (!reason)
        throw invalid(
          'visit_reason_id',
          `visit_reason_id ${request.visitReasonId} is not a known visit reason`,
        );
      const ctx = slotContext();
      const extras = {
        insurance_plan_id: request.insurancePlanId,
        insurance_carrier_id: request.insuranceCarrierId,
      };
      return request.providerLocationIds.map((id) =>
        availabilityFor(ctx, directory.providerLocation(id)!, reason, request.patientType, range, extras),
      );
    },

    bookAppointment(request) {
      const pl = requireProviderLocation(request.provider_location_id, 'data.provider_location_id');
      const reason = requireVisitReason(pl, request.visit_reason_id, 'data.visit_reason_id');
      if (request.patient_type === 'new' && !pl.accepts_new_patients) {
        throw invalid(
          'data.patient_type',
          `data.patient_type new is not accepted: provider location ${pl.provider_location_id} takes existing patients only`,
        );
      }
      const startMs = toInstant(request.start_time, 'data.start_time');
      const slot = findOfferedSlot(slotContext(), pl, reason, request.patient_type, startMs);
      if (!slot) {
        throw invalid(
          'data.start_time',
          `data.start_time ${request.start_time} is not an available time slot for this provider location, ` +
            'visit reason and patient type; use a start_time returned by /v1/provider_locations/availability',
        );
      }
      const entry = buildEntry({
        appointmentId: randomUUID(),
        status: 'pending_booking',
        providerLocation: pl,
        visitReason: reason,
        patientType: request.patient_type,
        startMs: slot.startMs,
        offsetMinutes: slot.offsetMinutes,
        durationMinutes: slotMinutes(reason, request.patient_type),
        createdMs: nowMs(),
        patient: structuredClone(request.patient),
        notes: request.notes ?? null,
        source: SOURCE_PARTNER_API,
        occupiesSlot: true,
      });
      insert(entry);
      return copy(entry);
    },

    createAppointment(input = {}) {
      const pl = requireProviderLocation(
        input.provider_location_id ?? DEFAULT_PROVIDER_LOCATION_ID,
        'provider_location_id',
      );
      const reason = requireVisitReason(
        pl,
        input.visit_reason_id ?? pl.provider.default_visit_reason_id,
        'visit_reason_id',
      );
      const patientType = input.patient_type ?? (pl.accepts_new_patients ? 'new' : 'existing');
      const duration = slotMinutes(reason, patientType);
      let startMs: number;
      if (input.start_time !== undefined) startMs = toInstant(input.start_time, 'start_time');
      else {
        const next = nextFreeSlot(pl, duration);
        if (next === undefined) {
          throw invalid(
            'start_time',
            `No free slot in the next ${FIRST_AVAILABILITY_LOOKAHEAD_DAYS} days; give start_time`,
          );
        }
        startMs = next;
      }
      const patient: Patient = {
        ...syntheticPatient(patientSequence++),
        ...structuredClone(input.patient ?? {}),
      };
      const entry = buildEntry({
        appointmentId: randomUUID(),
        status: input.appointment_status ?? 'pending_booking',
        providerLocation: pl,
        visitReason: reason,
        patientType,
        startMs,
        durationMinutes: duration,
        createdMs: nowMs(),
        patient,
        notes: input.notes ?? null,
        source: input.source ?? SOURCE_MARKETPLACE,
        confirmationType: input.confirmation_type,
        cancellationReason: input.cancellation_reason ?? null,
        occupiesSlot: true,
      });
      insert(entry);
      return copy(entry);
    },

    updateAppointment(id, patch) {
      const entry = requireEntry(id, 'appointment_id');
      const record = entry.record;
      const pl = directory.providerLocation(record.provider_location_id)!;
      // Validate everything before changing anything.
      const reason =
        patch.visit_reason_id === undefined
          ? undefined
          : requireVisitReason(pl, patch.visit_reason_id, 'visit_reason_id');
      const startMs = patch.start_time === undefined ? undefined : toInstant(patch.start_time, 'start_time');
      if (patch.notes && patch.notes.length > 100)
        throw invalid('notes', 'notes must be at most 100 characters');

      if (reason !== undefined || startMs !== undefined) {
        occupancy.remove(entry);
        if (reason) {
          record.visit_reason_id = reason.visit_reason_id;
          record.duration_minutes = slotMinutes(reason, record.patient_type);
        }
        if (startMs !== undefined) {
          entry.startMs = startMs;
          record.start_time = localStartTime(pl, startMs);
        }
        entry.endMs = entry.startMs + record.duration_minutes * MINUTE_MS;
        occupancy.add(entry);
      }
      if (patch.appointment_status !== undefined) record.appointment_status = patch.appointment_status;
      if (patch.notes !== undefined) record.notes = patch.notes;
      if (patch.cancellation_reason !== undefined) record.cancellation_reason = patch.cancellation_reason;
      bump(entry);
      return copy(entry);
    },

    applyOperation(id, operation) {
      const entry = requireEntry(id, 'appointment_id');
      const result = transition(operation, entry.record.appointment_status);
      if (!result.ok) throw conflict('appointment_id', result.message);
      entry.record.appointment_status = result.to;
      bump(entry);
      return copy(entry);
    },

    getAppointment(id) {
      const entry = appointments.get(id);
      return entry ? copy(entry) : undefined;
    },

    listAppointments(filter = {}) {
      return selectPage(appointments.values(), {
        ...filter,
        offset: 0,
        limit: Number.POSITIVE_INFINITY,
      }).items.map(copy);
    },

    pageAppointments(request) {
      const page = selectPage(appointments.values(), request);
      return {
        totalCount: page.totalCount,
        items: page.items.map((entry) => toAppointmentData(entry.record)),
      };
    },

    bulkCreateAppointments(count) {
      if (!Number.isInteger(count) || count < 0)
        throw invalid('count', 'count must be a non-negative integer');
      patientPool ??= Array.from({ length: PATIENT_POOL_SIZE }, (_, i) => syntheticPatient(i));
      const entries = generateBulkEntries({
        directory,
        nowMs: nowMs(),
        count,
        seed: appointments.size + 1,
        patients: patientPool,
      });
      for (const entry of entries) insert(entry);
      return { created: count, total: appointments.size };
    },

    count: () => appointments.size,

    reset: seed,
  };
}
