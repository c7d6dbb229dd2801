import type { AppointmentEntry } from './appointment-model.ts';
import { holdsSlot } from './appointment-state-machine.ts';
import { DAY_MS } from './local-time.ts';

/**
 * Which appointments take which provider time, bucketed by provider and UTC day, so a slot
 * check looks at a handful of appointments instead of all of them. An entry sits in every
 * day bucket its interval touches. The status is read live at check time (a cancelled
 * appointment frees its slot without touching the index); only a change of time, duration
 * or provider needs `remove` before and `add` after.
 */
export interface OccupancyIndex {
  add(entry: AppointmentEntry): void;
  remove(entry: AppointmentEntry): void;
  clear(): void;
  /** True when no slot-holding appointment of the provider overlaps [startMs, endMs). */
  isFree(providerId: string, startMs: number, endMs: number): boolean;
}

export function createOccupancyIndex(): OccupancyIndex {
  const byProvider = new Map<string, Map<number, Set<AppointmentEntry>>>();

  const days = (startMs: number, endMs: number) => {
    const first = Math.floor(startMs / DAY_MS);
    const last = Math.floor((Math.max(endMs, startMs + 1) - 1) / DAY_MS);
    const list: number[] = [];
    for (let day = first; day <= last; day++) list.push(day);
    return list;
  };

  return {
    add(entry) {
      if (!entry.occupiesSlot) return;
      let buckets = byProvider.get(entry.record.provider_id);
      if (!buckets) {
        buckets = new Map();
        byProvider.set(entry.record.provider_id, buckets);
      }
      for (const day of days(entry.startMs, entry.endMs)) {
        let bucket = buckets.get(day);
        if (!bucket) {
          bucket = new Set();
          buckets.set(day, bucket);
        }
        bucket.add(entry);
      }
    },
    remove(entry) {
      const buckets = byProvider.get(entry.record.provider_id);
      if (!buckets) return;
      for (const day of days(entry.startMs, entry.endMs)) {
        const bucket = buckets.get(day);
        bucket?.delete(entry);
        if (bucket?.size === 0) buckets.delete(day);
      }
    },
    clear() {
      byProvider.clear();
    },
    isFree(providerId, startMs, endMs) {
      const buckets = byProvider.get(providerId);
      if (!buckets) return true;
      for (const day of days(startMs, endMs)) {
        const bucket = buckets.get(day);
        if (!bucket) continue;
        for (const entry of bucket) {
          if (entry.startMs < endMs && startMs < entry.endMs && holdsSlot(entry.record.appointment_status)) {
            return false;
          }
        }
      }
      return true;
    },
  };
}
