import type { AppointmentEntry } from './appointment-model.ts';

/**
 * Who may see which appointment (zocdoc-api.md §2.2): a user token (authorization code)
 * sees and changes only the appointments that user booked; machine-to-machine tokens see
 * every appointment not booked by a signed-in user (all of the developer's M2M bookings,
 * plus practice-side, seeded and bulk ones: one developer tenant). An appointment outside
 * a caller's view is a 404, exactly like an unknown id (§10).
 */

export interface Viewer {
  clientId: string;
  /** Set for authorization-code (user) tokens. */
  userId?: string | undefined;
  /** The signed-in user's email: a booking for another email is "booked by another patient". */
  userEmail?: string | undefined;
}

export function canSee(viewer: Viewer | undefined, entry: AppointmentEntry): boolean {
  if (!viewer) return true; // the store's own programmatic API and the admin surface
  if (viewer.userId !== undefined) return entry.ownerUserId === viewer.userId;
  return entry.ownerUserId === undefined;
}
