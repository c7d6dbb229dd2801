import type { Directory, ProviderLocation } from './directory.ts';
import { distanceTo } from './provider-views.ts';
import { byCodeUnits } from './stable-hash.ts';
import type { ZipPlace } from './zip-geography.ts';

/**
 * The provider-location search (§5.6): who offers the visit reason near the patient's zip
 * code. In person: within `maxDistanceMi` of the zip (nearest first). Video: a virtual
 * provider location licensed in the zip's state (after the in-person ones). Ties by id,
 * so pages are stable.
 */

export const visitTypes = ['all', 'in_person', 'video_visit'] as const;
export type VisitTypeFilter = (typeof visitTypes)[number];

export interface ProviderLocationSearch {
  place: ZipPlace;
  visitReasonId: string;
  visitType: VisitTypeFilter;
  maxDistanceMi: number;
}

export interface SearchHit {
  pl: ProviderLocation;
  /** Miles from the zip; in-person hits only. */
  distance?: number | undefined;
}

export function searchProviderLocations(directory: Directory, query: ProviderLocationSearch): SearchHit[] {
  const { place } = query;
  const inPerson: SearchHit[] = [];
  const virtual: SearchHit[] = [];
  for (const pl of directory.allProviderLocations) {
    if (!pl.provider.visit_reason_ids.includes(query.visitReasonId)) continue;
    if (pl.location.virtual) {
      if (query.visitType !== 'in_person' && place.state !== null && pl.location.state === place.state) {
        virtual.push({ pl });
      }
      continue;
    }
    if (query.visitType === 'video_visit' || place.latitude === null || place.longitude === null) continue;
    const distance = distanceTo(pl, place.latitude, place.longitude);
    if (distance !== undefined && distance <= query.maxDistanceMi) inPerson.push({ pl, distance });
  }
  const byId = (a: SearchHit, b: SearchHit) =>
    byCodeUnits(a.pl.provider_location_id, b.pl.provider_location_id);
  inPerson.sort((a, b) => a.distance! - b.distance! || byId(a, b));
  virtual.sort(byId);
  return [...inPerson, ...virtual];
}
