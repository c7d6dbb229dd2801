import type { z } from 'zod';

/** A polling trigger as the catalog describes it; the poller (poll-connection.ts) computes its events. */
export interface TriggerDefinition {
  /** `<connector>.<name>`, stable forever: workflows store it. */
  key: string;
  connector: string;
  title: string;
  description: string;
  /** Shape of the event payload a workflow sees as `trigger`. */
  payload: z.ZodType;
}
