import { describe, expect, it } from 'vitest';
import { actions, findAction, optionSources } from '../../src/actions/catalog.ts';
import { describeAction } from '../../src/actions/connectors.ts';

/** The actions of the integration apptflow matches, group by group (issue #4). */
const expectedKeys = {
  Appointments: [
    'zocdoc.create_appointment',
    'zocdoc.get_appointment',
    'zocdoc.search_appointments',
    'zocdoc.get_appointment_participants',
    'zocdoc.cancel_appointment',
    'zocdoc.confirm_appointment',
    'zocdoc.reschedule_appointment',
    'zocdoc.upload_appointment_attachment',
    'zocdoc.update_appointment_status',
  ],
  Providers: [
    'zocdoc.get_providers_by_npis',
    'zocdoc.get_provider_reviews',
    'zocdoc.get_active_provider_npis',
  ],
  Timeslots: ['zocdoc.get_provider_timeslots', 'zocdoc.put_provider_calendar_timeslots'],
  Facilities: ['zocdoc.search_facilities', 'zocdoc.get_facility'],
  Locations: [
    'zocdoc.search_provider_locations',
    'zocdoc.get_provider_location',
    'zocdoc.get_provider_locations_availability',
    'zocdoc.get_provider_location_insurance_mappings',
    'zocdoc.update_provider_location_insurance_mappings',
  ],
  Insurances: ['zocdoc.get_insurance_plans', 'zocdoc.get_insurance_plan'],
  Scheduling: ['zocdoc.search_schedulable_entities'],
};

type JsonSchema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  'x-options'?: string;
};

/** Every property at every depth, with its dotted path. */
function* properties(schema: JsonSchema, path = ''): Generator<[string, JsonSchema]> {
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const at = path ? `${path}.${name}` : name;
    yield [at, property];
    yield* properties(property, at);
    if (property.items) yield* properties(property.items, `${at}[]`);
    for (const alternative of [...(property.anyOf ?? []), ...(property.oneOf ?? [])])
      yield* properties(alternative, at);
  }
  for (const alternative of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])])
    yield* properties(alternative, path);
  if (schema.items) yield* properties(schema.items, `${path}[]`);
}

describe('the Zocdoc action catalog', () => {
  it('lists exactly the actions of the integration, in their groups', () => {
    const byGroup: Record<string, string[]> = {};
    for (const action of actions) {
      byGroup[action.group] = [...(byGroup[action.group] ?? []), action.key];
    }
    for (const keys of Object.values(byGroup)) keys.sort();
    const expected = Object.fromEntries(
      Object.entries(expectedKeys).map(([g, keys]) => [g, [...keys].sort()]),
    );
    expect(byGroup).toEqual(expected);
    expect(new Set(actions.map((a) => a.key)).size).toBe(actions.length);
  });

  describe.each(actions.map((a) => [a.key, a] as const))('%s', (_key, action) => {
    const described = describeAction(action);

    it('is described for people', () => {
      expect(action.title.length).toBeGreaterThan(3);
      expect(action.description.length).toBeGreaterThan(20);
      expect(action.key.startsWith(`${action.connector}.`)).toBe(true);
    });

    it('documents every input and output field', () => {
      for (const schema of [described.input_schema, described.output_schema] as JsonSchema[]) {
        const undocumented = [...properties(schema)].filter(([, p]) => !p.description).map(([path]) => path);
        expect(undocumented).toEqual([]);
      }
    });

    it('rejects unknown input fields, so a typo in a mapping is caught', () => {
      expect((described.input_schema as { additionalProperties?: boolean }).additionalProperties).toBe(false);
    });

    it('names only option sources that exist, and are its connector’s', () => {
      for (const [path, property] of properties(described.input_schema as JsonSchema)) {
        const source = property['x-options'];
        if (source === undefined) continue;
        const found = optionSources.find((s) => s.key === source);
        expect(found, `${path} names option source ${source}`).toBeDefined();
        expect(found!.connector).toBe(action.connector);
      }
    });
  });

  it('has option sources that run actions of the catalog', () => {
    for (const source of optionSources) expect(findAction(source.action), source.key).toBeDefined();
  });
});
