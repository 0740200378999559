// The contract between the worker and FCM: what one push is, and what became
// of it. The worker decides who gets what; this package only talks to FCM.

/** One notification to one device token. */
export type PushMessage = {
  token: string;
  title: string;
  body: string;
  /** FCM data values are strings: type, conversationId and seq at least, so the app syncs before it renders. */
  data: { type: string; conversationId: string; seq: string } & Record<string, string>;
  /** One per conversation: a newer push replaces an undelivered older one. */
  collapseKey: string;
};

export type PushOutcome =
  | { status: 'sent'; messageId: string }
  /** UNREGISTERED, or INVALID_ARGUMENT about the token: the token is dead, deactivate it. */
  | { status: 'unregistered' | 'invalid_token'; error: string }
  /** 429, 5xx or a network failure: try again later (after retryAfterMs when FCM said). */
  | { status: 'retry'; error: string; retryAfterMs?: number }
  /** Anything else: give up on this device for this event. */
  | { status: 'failed'; error: string };

export type PushSender = {
  /** Sends each message (in sendEach batches of at most 500); outcomes in the same order. */
  send(messages: PushMessage[]): Promise<PushOutcome[]>;
  close(): Promise<void>;
};
