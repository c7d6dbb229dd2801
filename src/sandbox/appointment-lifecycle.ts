import { randomUUID } from 'node:crypto';
import type {
  AppointmentChange,
  AppointmentChangeListener,
  AppointmentUpdateType,
  ChangedAttribute,
  ChangeOrigin,
} from './appointment-events.ts';
import { localStartTime } from './appointment-factory.ts';
import type { AppointmentEntry, AppointmentRecord, PendingOutcome } from './appointment-model.ts';
import { copyRecord } from './appointment-model.ts';
import { defaultOutcomeSettings, type OutcomeSettings, planOutcome } from './appointment-outcomes.ts';
import {
  type AppointmentOperation,
  type AppointmentStatus,
  checkOperation,
  transition,
} from './appointment-state-machine.ts';
import { ERROR_APPOINTMENT_ID, simulatedServerError } from './appointment-test-ids.ts';
import { canSee, type Viewer } from './appointment-visibility.ts';
import {
  type AttachmentStore,
  type AttachmentType,
  type DocumentSide,
  type StoredAttachment,
  type UploadedAttachmentType,
  uploadedView,
} from './attachment-store.ts';
import { findOfferedSlot, type Slot, type SlotContext } from './availability.ts';
import { type CancellationReasonType, storedCancellationReason } from './cancellation-reasons.ts';
import type { Directory } from './directory.ts';
import { contentTypeOf, nameAgreesWith, sniffFileKind } from './file-sniffing.ts';
import { MINUTE_MS, parseOffsetDateTime } from './local-time.ts';
import type { OccupancyIndex } from './occupancy-index.ts';
import { invalid, notFound, SandboxError } from './sandbox-errors.ts';

/**
 * The appointment lifecycle after booking (zocdoc-api.md §5.15–§5.20, §10): the partner's
 * operations (confirm, cancel, reschedule, update-status, attachments, participants), the
 * server-driven outcomes, visibility per caller, and the change events the webhooks are
 * made of. Status rules come from appointment-state-machine.ts only. The store owns the
 * entries and hands this module the internals it needs.
 *
 * Outcomes are settled lazily: every store call first applies the outcomes that are due
 * by the sandbox clock (`settle()`), so a test that moves the clock sees them on its next
 * read; a sweep timer in sandbox-app.ts also settles, so webhooks go out without a read.
 */

export interface LifecycleInternals {
  clock: () => Date;
  directory: Directory;
  appointments: ReadonlyMap<string, AppointmentEntry>;
  occupancy: OccupancyIndex;
  attachments: AttachmentStore;
  slotContext(): SlotContext;
  /** Moves last_modified to `atMs` (default now), always strictly forward. */
  bump(entry: AppointmentEntry, atMs?: number): void;
  initialOutcomeSettings?: Partial<OutcomeSettings> | undefined;
}

export interface CancelRequest {
  reasonType?: CancellationReasonType | undefined;
  reason?: string | undefined;
}

export interface AttachmentUpload {
  attachmentType: AttachmentType;
  bytes: Buffer;
  fileName?: string | undefined;
}

export interface PracticeAttachment {
  attachmentType: UploadedAttachmentType;
  side?: DocumentSide | null | undefined;
  bytes: Buffer;
  fileName?: string | undefined;
}

export interface Participants {
  record: AppointmentRecord;
  attachments: StoredAttachment[];
  bookedByAnotherPatient: boolean;
}

/** A snapshot of the attributes a webhook reports as changed (§11 attribute paths). */
type Watched = Record<string, string | null>;

const watched = (record: AppointmentRecord): Watched => ({
  'appointment.status': record.appointment_status,
  'appointment.start_time': record.start_time,
  'appointment.notes': record.notes,
  'appointment.visit_reason_id': record.visit_reason_id,
  'appointment.cancellation_reason': record.cancellation_reason,
});

export interface AppointmentLifecycle {
  outcomeSettings(): OutcomeSettings;
  configureOutcomes(patch: Partial<OutcomeSettings>): OutcomeSettings;
  /** Applies every outcome due by the clock; returns how many were applied. */
  settle(): number;
  subscribe(listener: AppointmentChangeListener): () => void;

  /** The entry behind an API call: 500 for the §12 error id, 404 when unknown or not visible. */
  requireVisible(id: string, viewer: Viewer | undefined): AppointmentEntry;
  /** A partner operation that changes only the status (confirm; the programmatic applyOperation). */
  operate(id: string, operation: AppointmentOperation, viewer?: Viewer): AppointmentRecord;
  cancel(id: string, request: CancelRequest, viewer?: Viewer): AppointmentRecord;
  reschedule(id: string, startTime: string, viewer?: Viewer): AppointmentRecord;
  updateStatus(id: string, status: 'arrived' | 'no_show', viewer?: Viewer): AppointmentRecord;
  participants(id: string, viewer?: Viewer): Participants;
  addAttachment(id: string, upload: AttachmentUpload, viewer?: Viewer): StoredAttachment[];
  attachment(id: string, attachmentId: string, viewer?: Viewer): StoredAttachment | undefined;

  /** After a partner booking was inserted: schedule its outcome unless its status is pinned. */
  afterBooking(entry: AppointmentEntry): void;
  /** Practice side (admin surface): announce a create. */
  practiceCreated(entry: AppointmentEntry): void;
  /** Practice side: call before changing an entry; the returned function announces the change. */
  practiceChanging(entry: AppointmentEntry): () => void;
  addPracticeAttachment(id: string, attachment: PracticeAttachment): StoredAttachment;

  /** Back to the initial settings, nothing pending, no attachments (the store reseeds entries). */
  reset(): void;
}

export function createAppointmentLifecycle(internals: LifecycleInternals): AppointmentLifecycle {
  const { directory, appointments, occupancy, attachments, bump } = internals;
  const initialSettings = (): OutcomeSettings => ({
    ...defaultOutcomeSettings,
    ...internals.initialOutcomeSettings,
  });
  let settings = initialSettings();
  /** Entries with a pending outcome: settle() looks at these only. */
  const awaiting = new Set<AppointmentEntry>();
  const listeners = new Set<AppointmentChangeListener>();
  const nowMs = () => internals.clock().getTime();

  const emit = (
    entry: AppointmentEntry,
    origin: ChangeOrigin,
    updateType: AppointmentUpdateType,
    changedAttributes: ChangedAttribute[],
  ) => {
    const change: AppointmentChange = {
      appointmentId: entry.record.appointment_id,
      updateType,
      changedAttributes,
      origin,
      modifiedMs: entry.modifiedMs,
      ownerClientId: entry.ownerClientId,
      ownerUserId: entry.ownerUserId,
    };
    for (const listener of listeners) listener(change);
  };

  const setOutcome = (entry: AppointmentEntry, outcome: PendingOutcome | undefined) => {
    entry.pendingOutcome = outcome;
    if (outcome) awaiting.add(entry);
    else awaiting.delete(entry);
  };

  const moveTo = (entry: AppointmentEntry, startMs: number, offsetMinutes?: number) => {
    const pl = directory.providerLocation(entry.record.provider_location_id)!;
    occupancy.remove(entry);
    entry.startMs = startMs;
    entry.endMs = startMs + entry.record.duration_minutes * MINUTE_MS;
    entry.record.start_time = localStartTime(pl, startMs, offsetMinutes);
    occupancy.add(entry);
  };

  const settle = (): number => {
    if (!settings.enabled || awaiting.size === 0) return 0;
    const now = nowMs();
    const due = [...awaiting]
      .filter((entry) => entry.pendingOutcome!.dueMs <= now)
      .sort(
        (a, b) =>
          a.pendingOutcome!.dueMs - b.pendingOutcome!.dueMs ||
          a.record.appointment_id.localeCompare(b.record.appointment_id),
      );
    let applied = 0;
    for (const entry of due) {
      const outcome = entry.pendingOutcome!;
      setOutcome(entry, undefined);
      // Gone since (reset) or no longer waiting (the partner or practice moved it on).
      if (appointments.get(entry.record.appointment_id) !== entry) continue;
      const operation: AppointmentOperation =
        outcome.kind === 'booking'
          ? outcome.succeeds
            ? 'complete_booking'
            : 'fail_booking'
          : outcome.succeeds
            ? 'complete_reschedule'
            : 'fail_reschedule';
      const result = transition(operation, entry.record.appointment_status);
      if (!result.ok) continue;
      const changed: ChangedAttribute[] = [{ attribute_path: 'appointment.status' }];
      const before = entry.startBeforeRescheduleMs;
      if (operation === 'fail_reschedule' && before !== undefined && before !== entry.startMs) {
        // A failed reschedule keeps the original time (it may overlap a booking made
        // meanwhile in the freed slot: the practice's problem, as with a double booking).
        moveTo(entry, before);
        changed.push({ attribute_path: 'appointment.start_time' });
      }
      if (outcome.kind === 'reschedule') entry.startBeforeRescheduleMs = undefined;
      entry.record.appointment_status = result.to;
      // Stamped when it was due, not when it was noticed: a poller that read before the
      // due time did not see it, one that reads after does (every read settles first).
      bump(entry, outcome.dueMs);
      emit(entry, 'zocdoc', 'updated', changed);
      applied++;
    }
    return applied;
  };

  const requireVisible = (id: string, viewer: Viewer | undefined): AppointmentEntry => {
    if (id === ERROR_APPOINTMENT_ID) throw simulatedServerError();
    const entry = appointments.get(id);
    if (!entry || !canSee(viewer, entry)) throw notFound('appointment_id', `Appointment ${id} was not found`);
    return entry;
  };

  /** The state machine's verdict, or the refusal as a SandboxError naming appointment_id. */
  const check = (entry: AppointmentEntry, operation: AppointmentOperation) => {
    const result = checkOperation(operation, {
      status: entry.record.appointment_status,
      arrived: entry.arrivedMs !== undefined,
      startMs: entry.startMs,
      nowMs: nowMs(),
    });
    if (!result.ok) {
      throw new SandboxError(result.statusCode, { field: 'appointment_id', message: result.message });
    }
    return result;
  };

  const setStatus = (entry: AppointmentEntry, to: AppointmentStatus) => {
    if (entry.record.appointment_status === to) return;
    entry.record.appointment_status = to;
    // A status the partner set replaces whatever Zocdoc was about to decide.
    setOutcome(entry, undefined);
    if (to !== 'pending_reschedule') entry.startBeforeRescheduleMs = undefined;
  };

  const schedule = (entry: AppointmentEntry, kind: PendingOutcome['kind']) =>
    setOutcome(entry, planOutcome(kind, entry, settings, nowMs()));

  const copy = (entry: AppointmentEntry) => copyRecord(entry.record);

  const operate = (id: string, operation: AppointmentOperation, viewer?: Viewer): AppointmentRecord => {
    settle();
    const entry = requireVisible(id, viewer);
    const result = check(entry, operation);
    if (!result.changed) return copy(entry);
    if (operation === 'mark_arrived') entry.arrivedMs = nowMs();
    setStatus(entry, result.to);
    if (result.to === 'pending_reschedule' && operation === 'reschedule') schedule(entry, 'reschedule');
    bump(entry);
    return copy(entry);
  };

  return {
    outcomeSettings: () => ({ ...settings }),

    configureOutcomes(patch) {
      settings = { ...settings, ...patch };
      return { ...settings };
    },

    settle,

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    requireVisible,

    operate,

    cancel(id, request, viewer) {
      settle();
      const entry = requireVisible(id, viewer);
      const result = check(entry, 'cancel');
      setStatus(entry, result.to);
      entry.record.cancellation_reason = storedCancellationReason(request.reasonType, request.reason);
      bump(entry);
      return copy(entry);
    },

    reschedule(id, startTime, viewer) {
      settle();
      const entry = requireVisible(id, viewer);
      check(entry, 'reschedule');
      const startMs = parseOffsetDateTime(startTime);
      const record = entry.record;
      const pl = directory.providerLocation(record.provider_location_id)!;
      const reason = directory.visitReason(record.visit_reason_id)!;
      // The appointment's own time does not count against it: a move by half an hour
      // within an hour-long visit is fine.
      occupancy.remove(entry);
      let slot: Slot | undefined;
      try {
        slot =
          startMs === undefined
            ? undefined
            : findOfferedSlot(internals.slotContext(), pl, reason, record.patient_type, startMs);
      } finally {
        occupancy.add(entry);
      }
      if (!slot) {
        throw invalid(
          'start_time',
          `start_time ${startTime} is not an available time slot for this appointment's provider location, ` +
            'visit reason and patient type; use a start_time returned by /v1/provider_locations/availability',
        );
      }
      // Remember the time to fall back to; a second reschedule while pending keeps the first.
      entry.startBeforeRescheduleMs ??= entry.startMs;
      moveTo(entry, slot.startMs, slot.offsetMinutes);
      setOutcome(entry, undefined);
      record.appointment_status = 'pending_reschedule';
      schedule(entry, 'reschedule');
      bump(entry);
      return copy(entry);
    },

    updateStatus(id, status, viewer) {
      return operate(id, status === 'arrived' ? 'mark_arrived' : 'mark_no_show', viewer);
    },

    participants(id, viewer) {
      settle();
      const entry = requireVisible(id, viewer);
      return {
        record: copy(entry),
        attachments: attachments.list(id),
        bookedByAnotherPatient: entry.bookedByAnotherPatient ?? false,
      };
    },

    addAttachment(id, upload, viewer) {
      settle();
      const entry = requireVisible(id, viewer);
      check(entry, 'upload_attachment');
      const kind = sniffFileKind(upload.bytes);
      if (!kind) {
        throw invalid(
          'attachment',
          'attachment must be a JPG, PNG, PDF or DOCX file (judged by its content, not its name)',
        );
      }
      if (!nameAgreesWith(kind, upload.fileName)) {
        throw invalid(
          'attachment',
          `attachment's content is ${kind.toUpperCase()}, which does not match its file name ${upload.fileName}`,
        );
      }
      const view = uploadedView(upload.attachmentType);
      attachments.add({
        attachmentId: randomUUID(),
        appointmentId: id,
        type: view.type,
        uploadType: upload.attachmentType,
        side: view.side,
        contentType: contentTypeOf[kind],
        fileName: upload.fileName ?? null,
        bytes: upload.bytes,
        uploadedMs: nowMs(),
        source: 'partner',
      });
      bump(entry);
      return attachments.list(id);
    },

    attachment(id, attachmentId, viewer) {
      settle();
      requireVisible(id, viewer);
      return attachments.get(id, attachmentId);
    },

    afterBooking(entry) {
      if (entry.statusPinned || entry.record.appointment_status !== 'pending_booking') return;
      schedule(entry, 'booking');
    },

    practiceCreated(entry) {
      emit(entry, 'practice', 'created', []);
    },

    practiceChanging(entry) {
      const before = watched(entry.record);
      const statusBefore = entry.record.appointment_status;
      return () => {
        const after = watched(entry.record);
        if (entry.record.appointment_status !== statusBefore) {
          // The practice decided: whatever Zocdoc was about to decide no longer applies.
          setOutcome(entry, undefined);
          entry.startBeforeRescheduleMs = undefined;
        }
        // A time the practice set is the one a failed reschedule would go back to.
        if (after['appointment.start_time'] !== before['appointment.start_time']) {
          if (entry.startBeforeRescheduleMs !== undefined) entry.startBeforeRescheduleMs = entry.startMs;
        }
        const changed = Object.keys(after)
          .filter((path) => after[path] !== before[path])
          .map((path) => ({ attribute_path: path }));
        const cancelled = statusBefore !== 'cancelled' && entry.record.appointment_status === 'cancelled';
        emit(entry, 'practice', cancelled ? 'cancelled' : 'updated', changed);
      };
    },

    addPracticeAttachment(id, attachment) {
      settle();
      const entry = appointments.get(id);
      if (!entry) throw notFound('appointment_id', `Appointment ${id} was not found`);
      const kind = sniffFileKind(attachment.bytes);
      const stored = attachments.add({
        attachmentId: randomUUID(),
        appointmentId: id,
        type: attachment.attachmentType,
        uploadType: null,
        side: attachment.side ?? null,
        // A practice may hold any file; its type is what the content says, if anything.
        contentType: kind ? contentTypeOf[kind] : 'application/octet-stream',
        fileName: attachment.fileName ?? null,
        bytes: attachment.bytes,
        uploadedMs: nowMs(),
        source: 'practice',
      });
      bump(entry);
      emit(entry, 'practice', 'updated', [
        { attribute_path: 'patient.uploaded_attachments', attachment_type: attachment.attachmentType },
      ]);
      return stored;
    },

    reset() {
      settings = initialSettings();
      for (const entry of awaiting) entry.pendingOutcome = undefined;
      awaiting.clear();
      attachments.clear();
    },
  };
}
