import { randomUUID } from 'node:crypto';
import type { AppointmentChangeListener } from './appointment-events.ts';
import { buildEntry, localStartTime, SOURCE_MARKETPLACE, SOURCE_PARTNER_API } from './appointment-factory.ts';
import {
  type AppointmentLifecycle,
  type AttachmentUpload,
  type CancelRequest,
  createAppointmentLifecycle,
  type Participants,
  type PracticeAttachment,
} from './appointment-lifecycle.ts';
import type {
  AppointmentData,
  AppointmentEntry,
  AppointmentRecord,
  ConfirmationType,
} from './appointment-model.ts';
import { copyRecord, toAppointmentData } from './appointment-model.ts';
import type { OutcomeSettings } from './appointment-outcomes.ts';
import { type AppointmentFilter, type AppointmentPageRequest, selectPage } from './appointment-query.ts';
import type { AppointmentOperation, AppointmentStatus } from './appointment-state-machine.ts';
import { severalAttachmentsFixture } from './appointment-test-ids.ts';
import { canSee, type Viewer } from './appointment-visibility.ts';
import { createAttachmentStore, type StoredAttachment } from './attachment-store.ts';
import {
  availabilityFor,
  type CalendarSource,
  FIRST_AVAILABILITY_LOOKAHEAD_DAYS,
  findOfferedSlot,
  freeSlotsOnDay,
  type ProviderLocationAvailability,
  resolveDateRange,
  type SlotContext,
  slotMinutes,
} from './availability.ts';
import { bookingRequirementErrors, magicBookingStatus } from './booking-rules.ts';
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
import { invalid, notFound, SandboxError } from './sandbox-errors.ts';
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
  /** Server-driven outcomes (appointment-outcomes.ts); default on, 10 minutes, success. */
  outcomes?: Partial<OutcomeSettings>;
  /**
   * Whether a provider location takes an insurance plan in network (booking requirements
   * `accepts_booking_requests_from`). Default: every plan is in network.
   */
  isInNetwork?: (providerLocationId: string, insurancePlanId: string) => boolean;
  /** Calendar timeslots (§5.11) that override the weekly schedule; default none. */
  calendar?: CalendarSource;
  /** Called after `reset()` re-seeds the store, so state kept outside it resets too. */
  onReset?: () => void;
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
  /**
   * Partner booking: the start must be an offered slot and the provider location's booking
   * requirements met. Status pending_booking (or a §12 magic location's status), settled
   * later (appointment-outcomes.ts). `viewer` (the token's client / user) owns it. Throws 400.
   */
  bookAppointment(request: BookingRequest, viewer?: Viewer): AppointmentRecord;
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
  applyOperation(id: string, operation: AppointmentOperation, viewer?: Viewer): AppointmentRecord;
  /** undefined when unknown or not visible to `viewer` (default: sees everything). */
  getAppointment(id: string, viewer?: Viewer): AppointmentRecord | undefined;
  /** The API's lookup: throws 404 when unknown or not visible, 500 for the §12 error id. */
  requireAppointment(id: string, viewer?: Viewer): AppointmentRecord;
  /** Every matching appointment (copies), sorted as the filter says (default start time, descending). */
  listAppointments(filter?: AppointmentFilter): AppointmentRecord[];
  /** One page of the API view (no patient) and the total count of matches visible to `viewer`. */
  pageAppointments(
    request: AppointmentPageRequest,
    viewer?: Viewer,
  ): { totalCount: number; items: AppointmentData[] };
  /** §5.16. Throws 404, 409 (cancelled / no_show). */
  cancelAppointment(id: string, request: CancelRequest, viewer?: Viewer): AppointmentRecord;
  /** §5.18: to an offered slot; pending_reschedule, settled later. Throws 400, 404, 409. */
  rescheduleAppointment(id: string, startTime: string, viewer?: Viewer): AppointmentRecord;
  /** §5.20. `arrived` records the arrival and leaves the status. Throws 404, 409. */
  updateAppointmentStatus(id: string, status: 'arrived' | 'no_show', viewer?: Viewer): AppointmentRecord;
  /** §5.15: the record with its attachments. Throws 404 (500 for the §12 error id). */
  participants(id: string, viewer?: Viewer): Participants;
  /** §5.19: stores the bytes; returns every attachment of the appointment. Throws 400, 404. */
  addAttachment(id: string, upload: AttachmentUpload, viewer?: Viewer): StoredAttachment[];
  /** One attachment with its bytes; undefined when the appointment has no such attachment. */
  getAttachment(id: string, attachmentId: string, viewer?: Viewer): StoredAttachment | undefined;
  /** Practice side: an attachment added outside the API (announced by webhook). */
  addPracticeAttachment(id: string, attachment: PracticeAttachment): StoredAttachment;
  outcomeSettings(): OutcomeSettings;
  configureOutcomes(patch: Partial<OutcomeSettings>): OutcomeSettings;
  /** Applies the server-driven outcomes that are due by the clock; returns how many. */
  settleOutcomes(): number;
  /** Every change, with its origin (partner, practice, zocdoc); returns an unsubscribe. */
  subscribe(listener: AppointmentChangeListener): () => void;
  /** Adds `count` load-test appointments (see bulk-appointments.ts). */
  bulkCreateAppointments(count: number): { created: number; total: number };
  count(): number;
  /**
   * Back to the seed: appointments and attachments cleared, fixtures re-seeded relative to
   * the clock's now, outcome settings back to the options'.
   */
  reset(): void;
}

const PATIENT_POOL_SIZE = 1000;

function* filterVisible(viewer: Viewer, entries: Iterable<AppointmentEntry>): Iterable<AppointmentEntry> {
  for (const entry of entries) if (canSee(viewer, entry)) yield entry;
}

export function createSandboxStore(options: SandboxStoreOptions): SandboxStore {
  const clock = options.clock;
  const directory = buildDirectory(options.directorySeed ?? directorySeed);
  const seedFixtures = options.seedFixtureAppointments ?? true;
  const appointments = new Map<string, AppointmentEntry>();
  const occupancy = createOccupancyIndex();
  let patientPool: Patient[] | undefined;
  let patientSequence = 0;

  const nowMs = () => clock().getTime();
  const slotContext = (): SlotContext => {
    // Free slots depend on statuses: apply the outcomes that are due first (a failed
    // booking gives its slot back), whoever asks (availability, booking, feeds).
    lifecycle.settle();
    return { occupancy, nowMs: nowMs(), calendar: options.calendar };
  };

  /** How many appointments signed-in users booked: while none, M2M reads skip the visibility filter. */
  let userBookings = 0;
  const insert = (entry: AppointmentEntry) => {
    if (entry.ownerUserId !== undefined) userBookings++;
    appointments.set(entry.record.appointment_id, entry);
    occupancy.add(entry);
  };

  /** last_modified moves on every change, strictly: a frozen test clock still shows the change. */
  const bump = (entry: AppointmentEntry, atMs = nowMs()) => {
    entry.modifiedMs = Math.max(atMs, entry.modifiedMs + 1);
    entry.record.last_modified_time_utc = formatUtc(entry.modifiedMs);
  };

  const attachments = createAttachmentStore();
  const lifecycle: AppointmentLifecycle = createAppointmentLifecycle({
    clock,
    directory,
    appointments,
    occupancy,
    attachments,
    slotContext,
    bump,
    initialOutcomeSettings: options.outcomes,
  });
  const settle = lifecycle.settle;
  const isInNetwork = options.isInNetwork ?? (() => true);

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

  /** All entries, or only those a caller may see (user tokens: their own bookings). */
  const visibleEntries = (viewer: Viewer | undefined): Iterable<AppointmentEntry> =>
    !viewer || (viewer.userId === undefined && userBookings === 0)
      ? appointments.values()
      : filterVisible(viewer, appointments.values());

  const requireEntry = (id: string, field: string): AppointmentEntry => {
    const entry = appointments.get(id);
    if (!entry) throw notFound(field, `Appointment ${id} was not found`);
    return entry;
  };

  const seed = () => {
    appointments.clear();
    occupancy.clear();
    userBookings = 0;
    lifecycle.reset();
    patientSequence = 0;
    if (!seedFixtures) return;
    const withAttachments = severalAttachmentsFixture(directory, nowMs());
    if (withAttachments) {
      insert(withAttachments.entry);
      for (const attachment of withAttachments.attachments) attachments.add(attachment);
    }
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

    bookAppointment(request, viewer) {
      settle();
      const pl = requireProviderLocation(request.provider_location_id, 'data.provider_location_id');
      const reason = requireVisitReason(pl, request.visit_reason_id, 'data.visit_reason_id');
      if (request.patient_type === 'new' && !pl.accepts_new_patients) {
        throw invalid(
          'data.patient_type',
          `data.patient_type new is not accepted: provider location ${pl.provider_location_id} takes existing patients only`,
        );
      }
      const requirementErrors = bookingRequirementErrors(pl, request, (planId) =>
        isInNetwork(pl.provider_location_id, planId),
      );
      if (requirementErrors.length > 0) throw new SandboxError(400, requirementErrors);
      const startMs = toInstant(request.start_time, 'data.start_time');
      const slot = findOfferedSlot(slotContext(), pl, reason, request.patient_type, startMs);
      if (!slot) {
        throw invalid(
          'data.start_time',
          `data.start_time ${request.start_time} is not an available time slot for this provider location, ` +
            'visit reason and patient type; use a start_time returned by /v1/provider_locations/availability',
        );
      }
      const magicStatus = magicBookingStatus(pl.provider_location_id);
      const entry = buildEntry({
        appointmentId: randomUUID(),
        status: magicStatus ?? 'pending_booking',
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
        cancellationReason:
          magicStatus === 'cancelled' ? 'Cancelled by the sandbox (test provider location)' : null,
        occupiesSlot: true,
      });
      entry.ownerClientId = viewer?.clientId;
      entry.ownerUserId = viewer?.userId;
      entry.bookedByAnotherPatient =
        viewer?.userEmail !== undefined &&
        viewer.userEmail.toLowerCase() !== request.patient.email_address.toLowerCase();
      entry.statusPinned = magicStatus !== undefined;
      insert(entry);
      lifecycle.afterBooking(entry);
      return copy(entry);
    },

    createAppointment(input = {}) {
      settle();
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
      lifecycle.practiceCreated(entry);
      return copy(entry);
    },

    updateAppointment(id, patch) {
      settle();
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
      const announce = lifecycle.practiceChanging(entry);

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
      announce();
      return copy(entry);
    },

    applyOperation: (id, operation, viewer) => lifecycle.operate(id, operation, viewer),

    getAppointment(id, viewer) {
      settle();
      const entry = appointments.get(id);
      return entry && canSee(viewer, entry) ? copy(entry) : undefined;
    },

    requireAppointment(id, viewer) {
      settle();
      return copy(lifecycle.requireVisible(id, viewer));
    },

    listAppointments(filter = {}) {
      settle();
      return selectPage(appointments.values(), {
        ...filter,
        offset: 0,
        limit: Number.POSITIVE_INFINITY,
      }).items.map(copy);
    },

    pageAppointments(request, viewer) {
      settle();
      const page = selectPage(visibleEntries(viewer), request);
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

    cancelAppointment: lifecycle.cancel,
    rescheduleAppointment: lifecycle.reschedule,
    updateAppointmentStatus: lifecycle.updateStatus,
    participants: lifecycle.participants,
    addAttachment: lifecycle.addAttachment,
    getAttachment: lifecycle.attachment,
    addPracticeAttachment: lifecycle.addPracticeAttachment,
    outcomeSettings: lifecycle.outcomeSettings,
    configureOutcomes: lifecycle.configureOutcomes,
    settleOutcomes: settle,
    subscribe: lifecycle.subscribe,

    reset() {
      seed();
      options.onReset?.();
    },
  };
}
