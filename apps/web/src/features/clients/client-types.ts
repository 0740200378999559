// The shapes GET /clients, GET /clients/:id and the merge answer with (the
// API's clientDto and clientDetail; only the fields the UI reads), and how a
// client is named when they have no name.
export type Client = {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  attributes: Record<string, unknown>;
  mergedIntoId: string | null;
  createdAt: string;
  updatedAt: string;
};

/** One way the client reaches us: a channel and their id (or username, or number) there. */
export type ClientIdentity = {
  id: string;
  channel: string;
  externalId: string;
  displayName: string | null;
  username: string | null;
  createdAt: string;
};

/** One of the client's conversations the caller may see, most recent first. */
export type ClientConversation = {
  id: string;
  status: string;
  channel: string;
  messageCount: number;
  lastMessageAt: string;
  createdAt: string;
};

export type ClientDetail = Client & { identities: ClientIdentity[]; conversations: ClientConversation[] };

export type ClientPage = { items: Client[]; nextCursor: string | null };

/** The name, else the phone or email they wrote from. */
export function clientLabel(client: Pick<Client, 'name' | 'phone' | 'email'>): string {
  return client.name ?? client.phone ?? client.email ?? 'Unnamed client';
}
