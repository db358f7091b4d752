import type { ContactView, SettingsView } from '../../src/api/contract';

type PrimaryKey = SettingsView['primary_key'];

/** The contact's value for the account's primary key, or null. */
export function primaryValue(contact: ContactView, key: PrimaryKey): string | null {
  return key === 'email' ? contact.email : contact.customer_id;
}

/** The other identified key (customer ID when the primary key is email, and back). */
export function secondaryValue(contact: ContactView, key: PrimaryKey): string | null {
  return key === 'email' ? contact.customer_id : contact.email;
}

/** A short name for a contact in titles and button labels: its best identifier. */
export function contactName(contact: ContactView, key: PrimaryKey = 'email'): string {
  return primaryValue(contact, key) ?? secondaryValue(contact, key) ?? contact.mobile ?? `contact ${contact.id}`;
}
