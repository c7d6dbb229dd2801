import { randomUUID } from 'node:crypto';
import type { AppointmentChange, AppointmentUpdateType, ChangedAttribute } from './appointment-events.ts';
import { formatUtc } from './local-time.ts';
import { buildWebhookEvent, type WebhookEvent } from './webhook-events.ts';
import { signedHeaders } from './webhook-signing.ts';

/**
 * Webhook delivery (zocdoc-api.md §11). Partners register a URL and a base64 key per client
 * (the admin surface stands in for "send the URL to Zocdoc"). Appointment changes made by
 * the practice or by Zocdoc (outcomes) become signed events, posted fire-and-forget to
 * every registration whose client may see the appointment; the partner's own API calls
 * produce none. A delivery is retried only when the connection fails or no response
 * arrives within the timeout (5 s); an HTTP status, any status, ends it. Every delivery
 * and attempt is logged for tests. Retry timers and requests in flight end on `close()`.
 */

export interface WebhookRegistration {
  client_id: string;
  url: string;
  /** base64 signing key, as the partner gave it. */
  key: string;
  registered_time_utc: string;
}

export interface DeliveryAttempt {
  attempt: number;
  started_time_utc: string;
  /** `response`: any HTTP status (never retried); otherwise the failure that is retried. */
  outcome: 'response' | 'connection_error' | 'timeout';
  http_status: number | null;
  error: string | null;
  /** The signed timestamp header of this attempt (each attempt is signed afresh). */
  webhook_timestamp_header: string;
}

export interface DeliveryRecord {
  delivery_id: string;
  /** `event`: a real appointment change; `mock`: POST /v1/webhook/mock-request. */
  kind: 'event' | 'mock';
  client_id: string | null;
  url: string;
  state: 'pending' | 'delivered' | 'failed';
  event: WebhookEvent;
  attempts: DeliveryAttempt[];
}

export interface WebhookDispatcherOptions {
  clock: () => Date;
  /** No response within this → a timeout, retried. Default 5,000 ms (§11). */
  timeoutMs?: number;
  /** Waits before each retry (real time). Default 1 s, 5 s, 25 s, 2 min, 10 min. */
  retryDelaysMs?: readonly number[];
  /** Whether a client id is a machine-to-machine client (which sees every non-user booking). */
  isMachineClient(clientId: string): boolean;
  /** Most deliveries kept in the log (oldest dropped first). Default 1,000. */
  logLimit?: number;
}

export interface WebhookDispatcher {
  register(registration: { client_id: string; url: string; key: string }): WebhookRegistration;
  unregister(clientId: string): boolean;
  registrations(): WebhookRegistration[];
  /** The store's change listener. */
  onChange(change: AppointmentChange): void;
  /** One signed sample event, one attempt, awaited (the mock-request endpoint). */
  sendMock(input: {
    url: string;
    key: string;
    appointmentId: string;
    updateType: AppointmentUpdateType;
    changedAttributes: ChangedAttribute[];
  }): Promise<DeliveryRecord>;
  deliveries(): DeliveryRecord[];
  /** Resolves once no delivery is pending (retries included). */
  idle(): Promise<void>;
  /** Registrations and the log cleared; pending retries dropped. */
  reset(): void;
  close(): void;
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5000;
export const DEFAULT_WEBHOOK_RETRY_DELAYS_MS = [1_000, 5_000, 25_000, 120_000, 600_000];

export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  const retryDelays = options.retryDelaysMs ?? DEFAULT_WEBHOOK_RETRY_DELAYS_MS;
  const logLimit = options.logLimit ?? 1000;
  const registrations = new Map<string, WebhookRegistration>();
  const log: DeliveryRecord[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<AbortController>();
  const pending = new Set<DeliveryRecord>();
  let idleWaiters: Array<() => void> = [];
  /** Bumped by reset/close: work scheduled before belongs to an older generation and stops. */
  let generation = 0;
  let closed = false;

  const nowMs = () => options.clock().getTime();

  const settlePending = (record: DeliveryRecord) => {
    pending.delete(record);
    if (pending.size === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  const remember = (record: DeliveryRecord) => {
    log.push(record);
    if (log.length > logLimit) log.splice(0, log.length - logLimit);
  };

  /** One POST; never throws. */
  const attempt = async (record: DeliveryRecord, key: string, body: string): Promise<DeliveryAttempt> => {
    const timestamp = Math.floor(nowMs() / 1000);
    const result: DeliveryAttempt = {
      attempt: record.attempts.length + 1,
      started_time_utc: formatUtc(nowMs()),
      outcome: 'response',
      http_status: null,
      error: null,
      webhook_timestamp_header: String(timestamp),
    };
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    inFlight.add(controller);
    try {
      const response = await fetch(record.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'apptflow-zocdoc-sandbox-webhooks/1',
          ...signedHeaders(key, timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: controller.signal,
      });
      result.http_status = response.status;
      // The status is all that matters; drop the body without waiting for it.
      await response.body?.cancel().catch(() => undefined);
    } catch (error) {
      result.outcome = timedOut ? 'timeout' : 'connection_error';
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      result.error = timedOut
        ? `no response within ${timeoutMs} ms`
        : (cause?.code ?? cause?.message ?? (error as Error).message);
    } finally {
      clearTimeout(timer);
      inFlight.delete(controller);
    }
    record.attempts.push(result);
    return result;
  };

  /** Attempts, and schedules a retry after a connection failure or timeout while any are left. */
  const deliver = async (record: DeliveryRecord, key: string, body: string, retries: readonly number[]) => {
    const mine = generation;
    const result = await attempt(record, key, body);
    if (mine !== generation) return;
    if (result.outcome === 'response') {
      record.state = 'delivered';
      settlePending(record);
      return;
    }
    const wait = retries[record.attempts.length - 1];
    if (wait === undefined || closed) {
      record.state = 'failed';
      settlePending(record);
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (mine === generation) void deliver(record, key, body, retries);
    }, wait);
    timers.add(timer);
  };

  const canSee = (clientId: string, change: AppointmentChange) =>
    change.ownerUserId === undefined ? options.isMachineClient(clientId) : change.ownerClientId === clientId;

  const stopAll = () => {
    generation++;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    for (const controller of inFlight) controller.abort();
    for (const record of [...pending]) {
      record.state = 'failed';
      settlePending(record);
    }
  };

  return {
    register(input) {
      const registration = { ...input, registered_time_utc: formatUtc(nowMs()) };
      registrations.set(input.client_id, registration);
      return { ...registration };
    },

    unregister: (clientId) => registrations.delete(clientId),

    registrations: () => [...registrations.values()].map((r) => ({ ...r })),

    onChange(change) {
      // §11: for the patient-booking product, only changes the partner did not make itself.
      if (closed || change.origin === 'partner') return;
      const targets = [...registrations.values()].filter((r) => canSee(r.client_id, change));
      if (targets.length === 0) return;
      for (const target of targets) {
        const event = buildWebhookEvent({
          appointmentId: change.appointmentId,
          updateType: change.updateType,
          changedAttributes: change.changedAttributes,
          updatedMs: change.modifiedMs,
          nowMs: nowMs(),
        });
        const record: DeliveryRecord = {
          delivery_id: randomUUID(),
          kind: 'event',
          client_id: target.client_id,
          url: target.url,
          state: 'pending',
          event,
          attempts: [],
        };
        remember(record);
        pending.add(record);
        void deliver(record, target.key, JSON.stringify(event), retryDelays);
      }
    },

    async sendMock(input) {
      const event = buildWebhookEvent({
        appointmentId: input.appointmentId,
        updateType: input.updateType,
        changedAttributes: input.changedAttributes,
        updatedMs: nowMs(),
        nowMs: nowMs(),
      });
      const record: DeliveryRecord = {
        delivery_id: randomUUID(),
        kind: 'mock',
        client_id: null,
        url: input.url,
        state: 'pending',
        event,
        attempts: [],
      };
      remember(record);
      pending.add(record);
      await deliver(record, input.key, JSON.stringify(event), []);
      return record;
    },

    deliveries: () => log.map((record) => structuredClone(record)),

    idle: () =>
      pending.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve)),

    reset() {
      stopAll();
      registrations.clear();
      log.length = 0;
    },

    close() {
      closed = true;
      stopAll();
    },
  };
}
