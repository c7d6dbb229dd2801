import { z } from 'zod';
import { defineAction } from '../../action-definition.ts';
import { facilitySchema } from '../directory-schemas.ts';

export const getFacility = defineAction({
  key: 'zocdoc.get_facility',
  connector: 'zocdoc',
  title: 'Get Facility',
  description:
    'Reads one clinic or hospital of your Zocdoc directory by id: address, specialties and its schedule.',
  group: 'Facilities',
  input: z.strictObject({
    // Any 8-4-4-4-12 hex id: Zocdoc's facility ids are UUIDs, but their version bits are not documented.
    facility_id: z.guid('a facility id is a UUID').describe('Facility id (a UUID)'),
  }),
  output: facilitySchema,
  idempotent: true,
  request: (input) => ({
    method: 'GET',
    path: `/v1-beta/facilities/${encodeURIComponent(input.facility_id)}`,
  }),
});
