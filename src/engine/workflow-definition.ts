import { z } from 'zod';

/**
 * The shape of a workflow as a user (or a no-code builder) writes it. This one schema
 * validates API input, is stored as the workflow's definition, and documents itself in
 * OpenAPI.
 *
 * Values in a step's `input` may be templates: a string that is exactly `{{ expr }}`
 * yields the expression's value with its type; `{{ }}` inside a longer string is
 * interpolated as text. Expressions (and filters) are JSONata over
 * `{ trigger, steps, run }`, where `steps.<key>` is an earlier step's output.
 */

const stepKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _, starting with a letter')
  .describe('Names the step; later steps read its output as steps.<key>');

export const workflowTriggerSchema = z.strictObject({
  key: z.string().min(1).describe('Trigger key from the catalog, e.g. zocdoc.appointment_created'),
  connection_id: z.uuid().describe('The connection whose appointments are watched'),
  poll_interval_seconds: z
    .number()
    .int()
    .min(5)
    .max(86_400)
    .default(60)
    .describe('How often the connection is polled for this trigger'),
});

export const workflowStepSchema = z.strictObject({
  key: stepKey,
  action: z.string().min(1).describe('Action key from the catalog, e.g. zocdoc.get_appointment'),
  connection_id: z.uuid().describe('The connection the action runs with'),
  input: z
    .record(z.string(), z.unknown())
    .default({})
    .describe('Action input; string values may hold {{ expression }} templates'),
  filter: z
    .string()
    .min(1)
    .optional()
    .describe('JSONata condition; when false this step and the rest are skipped and the run ends skipped'),
});

export const workflowDefinitionSchema = z.strictObject({
  trigger: workflowTriggerSchema,
  steps: z
    .array(workflowStepSchema)
    .min(1)
    .max(50)
    .superRefine((steps, ctx) => {
      const seen = new Set<string>();
      steps.forEach((step, index) => {
        if (seen.has(step.key)) {
          ctx.addIssue({ code: 'custom', path: [index, 'key'], message: `duplicate step key "${step.key}"` });
        }
        seen.add(step.key);
      });
    }),
});

export type WorkflowTrigger = z.infer<typeof workflowTriggerSchema>;
export type WorkflowStep = z.infer<typeof workflowStepSchema>;
export type WorkflowDefinition = z.infer<typeof workflowDefinitionSchema>;
