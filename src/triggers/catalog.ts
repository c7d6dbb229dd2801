import type { TriggerDefinition } from './trigger-definition.ts';
import { appointmentCreated, appointmentStarted, appointmentUpdated } from './zocdoc/appointment-triggers.ts';

/** Every trigger apptflow can compute, by key. */
export const triggers: readonly TriggerDefinition[] = [
  appointmentCreated,
  appointmentUpdated,
  appointmentStarted,
];

const byKey = new Map(triggers.map((t) => [t.key, t]));

export function findTrigger(key: string): TriggerDefinition | undefined {
  return byKey.get(key);
}
