import type { ActionDefinition } from './action-definition.ts';
import { confirmAppointment } from './zocdoc/appointments/confirm-appointment.ts';
import { getAppointment } from './zocdoc/appointments/get-appointment.ts';

/** Every action apptflow can run, by key. Adding an action is adding it here. */
export const actions: readonly ActionDefinition[] = [getAppointment, confirmAppointment];

const byKey = new Map(actions.map((a) => [a.key, a]));

export function findAction(key: string): ActionDefinition | undefined {
  return byKey.get(key);
}
