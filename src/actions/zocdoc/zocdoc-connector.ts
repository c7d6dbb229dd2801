import type { ConnectorInfo } from '../connectors.ts';

export const zocdocConnector: ConnectorInfo = {
  key: 'zocdoc',
  title: 'Zocdoc',
  description:
    'Zocdoc Developer API: watch appointments (created, updated) and book, confirm, cancel, reschedule and look up ' +
    'providers, locations, availability, insurance and facilities. Connect with client credentials (sandbox or production).',
};
