import { z } from 'zod';
import type { ActionDefinition } from './action-definition.ts';
import { zocdocConnector } from './zocdoc/zocdoc-connector.ts';

export interface ConnectorInfo {
  key: string;
  title: string;
  description: string;
}

/** Every connector apptflow speaks; a new one (IntakeQ, Avon Health) adds its entry here. */
export const connectors: readonly ConnectorInfo[] = [zocdocConnector];

/** JSON Schema (draft 2020-12) of a zod schema, as a form builder reads it. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  return z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
}

/** An action as the catalog API describes it. */
export function describeAction(action: ActionDefinition) {
  return {
    key: action.key,
    title: action.title,
    description: action.description,
    group: action.group,
    safe_to_retry: action.idempotent,
    paginated: action.pagination !== undefined,
    input_schema: jsonSchemaOf(action.input, 'input'),
    output_schema: jsonSchemaOf(action.output, 'output'),
  };
}
