import type { AppointmentEntry } from './appointment-model.ts';
import type { AppointmentStatus } from './appointment-state-machine.ts';

/**
 * Filtering, sorting and paging of appointments (zocdoc-api.md §5.13). A page is chosen
 * with a bounded heap: only the first `offset + limit` entries in sort order are kept, so a
 * page costs O(n log k) over the matching entries (k ≤ 1,100 through the API) and nothing
 * is copied but the page itself.
 */

export const sortByValues = ['start_time_utc', 'created_time_utc', 'last_modified_time_utc'] as const;
export type SortBy = (typeof sortByValues)[number];
export const sortDirections = ['ascending', 'descending'] as const;
export type SortDirection = (typeof sortDirections)[number];

/** Every bound is inclusive. Instants are epoch ms or Dates. */
export interface AppointmentFilter {
  statuses?: readonly AppointmentStatus[];
  developerPatientId?: string;
  practiceIds?: readonly string[];
  providerIds?: readonly string[];
  locationIds?: readonly string[];
  providerLocationIds?: readonly string[];
  startTimeUtcMin?: number | Date;
  startTimeUtcMax?: number | Date;
  createdTimeUtcMin?: number | Date;
  createdTimeUtcMax?: number | Date;
  lastModifiedTimeUtcMin?: number | Date;
  lastModifiedTimeUtcMax?: number | Date;
  /** Default start_time_utc. */
  sortBy?: SortBy;
  /** Default descending (the API's default). Ties are broken by appointment_id, same direction. */
  sortDirection?: SortDirection;
}

export interface AppointmentPageRequest extends AppointmentFilter {
  offset: number;
  limit: number;
}

const ms = (value: number | Date | undefined) => (value instanceof Date ? value.getTime() : value);

export function matcher(filter: AppointmentFilter): (entry: AppointmentEntry) => boolean {
  const tests: Array<(entry: AppointmentEntry) => boolean> = [];
  const inSet = (values: readonly string[] | undefined, pick: (e: AppointmentEntry) => string) => {
    if (!values) return;
    const set = new Set(values);
    tests.push((e) => set.has(pick(e)));
  };
  const between = (
    min: number | Date | undefined,
    max: number | Date | undefined,
    pick: (e: AppointmentEntry) => number,
  ) => {
    const lo = ms(min);
    const hi = ms(max);
    if (lo !== undefined) tests.push((e) => pick(e) >= lo);
    if (hi !== undefined) tests.push((e) => pick(e) <= hi);
  };
  inSet(filter.statuses, (e) => e.record.appointment_status);
  if (filter.developerPatientId !== undefined) {
    const wanted = filter.developerPatientId;
    tests.push((e) => e.record.developer_patient_id === wanted);
  }
  inSet(filter.practiceIds, (e) => e.record.practice_id);
  inSet(filter.providerIds, (e) => e.record.provider_id);
  inSet(filter.locationIds, (e) => e.record.location_id);
  inSet(filter.providerLocationIds, (e) => e.record.provider_location_id);
  between(filter.startTimeUtcMin, filter.startTimeUtcMax, (e) => e.startMs);
  between(filter.createdTimeUtcMin, filter.createdTimeUtcMax, (e) => e.createdMs);
  between(filter.lastModifiedTimeUtcMin, filter.lastModifiedTimeUtcMax, (e) => e.modifiedMs);
  return (entry) => {
    for (const test of tests) if (!test(entry)) return false;
    return true;
  };
}

/** Total order of the requested sort: key, then appointment_id, both in the sort's direction. */
export function comparator(
  sortBy: SortBy = 'start_time_utc',
  direction: SortDirection = 'descending',
): (a: AppointmentEntry, b: AppointmentEntry) => number {
  const key =
    sortBy === 'start_time_utc'
      ? (e: AppointmentEntry) => e.startMs
      : sortBy === 'created_time_utc'
        ? (e: AppointmentEntry) => e.createdMs
        : (e: AppointmentEntry) => e.modifiedMs;
  const sign = direction === 'ascending' ? 1 : -1;
  return (a, b) => {
    const diff = key(a) - key(b);
    if (diff !== 0) return sign * diff;
    const idA = a.record.appointment_id;
    const idB = b.record.appointment_id;
    return idA === idB ? 0 : sign * (idA < idB ? -1 : 1);
  };
}

/** The matching entries' count and the entries of [offset, offset + limit) in sort order. */
export function selectPage(
  entries: Iterable<AppointmentEntry>,
  request: AppointmentPageRequest,
): { totalCount: number; items: AppointmentEntry[] } {
  const matches = matcher(request);
  const compare = comparator(request.sortBy, request.sortDirection);
  const keep = request.offset + request.limit;
  let totalCount = 0;

  if (!Number.isFinite(keep)) {
    const all: AppointmentEntry[] = [];
    for (const entry of entries) if (matches(entry)) all.push(entry);
    all.sort(compare);
    return { totalCount: all.length, items: all.slice(request.offset) };
  }

  // Max-heap (by sort order) of the best `keep` entries seen so far; its root is the worst kept.
  const heap: AppointmentEntry[] = [];
  const swap = (i: number, j: number) => {
    const t = heap[i]!;
    heap[i] = heap[j]!;
    heap[j] = t;
  };
  const siftUp = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compare(heap[i]!, heap[parent]!) <= 0) return;
      swap(i, parent);
      i = parent;
    }
  };
  const siftDown = (i: number) => {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let largest = i;
      if (left < heap.length && compare(heap[left]!, heap[largest]!) > 0) largest = left;
      if (right < heap.length && compare(heap[right]!, heap[largest]!) > 0) largest = right;
      if (largest === i) return;
      swap(i, largest);
      i = largest;
    }
  };

  for (const entry of entries) {
    if (!matches(entry)) continue;
    totalCount++;
    if (keep === 0) continue;
    if (heap.length < keep) {
      heap.push(entry);
      siftUp(heap.length - 1);
    } else if (compare(entry, heap[0]!) < 0) {
      heap[0] = entry;
      siftDown(0);
    }
  }
  heap.sort(compare);
  return { totalCount, items: heap.slice(request.offset) };
}
