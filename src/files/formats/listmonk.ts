import type { FormatDescription } from './formatDescription';

// listmonk's subscriber export (Subscribers > Export) writes
// `uuid, email, name, attributes, status, created_at, updated_at`; status is enabled,
// disabled or blocklisted, and only blocklisted subscribers receive nothing. The export
// has no date of the blocklisting (updated_at is any change): blocks are dated at import.
const DOCUMENTATION = [
  'https://github.com/knadh/listmonk cmd/subscribers.go (export header uuid, email, name, attributes, status, created_at, updated_at)',
  'https://github.com/knadh/listmonk/issues/738 (Export on All Subscribers)',
];

export const LISTMONK: readonly FormatDescription[] = [
  {
    id: 'listmonk-subscribers',
    name: 'listmonk — subscribers',
    documentation: DOCUMENTATION,
    recognise: [{ columns: [['uuid'], ['email'], ['status'], ['attributes', 'attribs']] }],
    identifiers: { email: ['email'] },
    blocks: { rows: { column: ['status'], blockedWhen: ['blocklisted', 'blacklisted'] }, channels: ['email'] },
  },
];
