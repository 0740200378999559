// How a client is named when they have no name.
import type { Client } from '@relay/contracts';

/** The name, else the phone or email they wrote from. */
export function clientLabel(client: Pick<Client, 'name' | 'phone' | 'email'>): string {
  return client.name ?? client.phone ?? client.email ?? 'Unnamed client';
}
