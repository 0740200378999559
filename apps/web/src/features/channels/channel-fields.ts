// What each channel asks for when an account is created: the credential
// fields the API's schema checks (contracts http/channel-accounts.ts), what
// its external id is called, and what its secret is for.
import type { ChannelKind } from '@relay/contracts';

export type CredentialField = {
  key: string;
  label: string;
  hint?: string;
  required: boolean;
  type: 'text' | 'password' | 'url';
};

type ChannelForm = {
  externalIdLabel: string;
  externalIdHint: string;
  credentials: CredentialField[];
  secretLabel: string;
  secretHint: string;
};

const CALLBACK: ChannelForm = {
  externalIdLabel: 'External account id',
  externalIdHint: 'The id of this account at the provider',
  credentials: [
    {
      key: 'callbackUrl',
      label: 'Callback URL',
      hint: 'Relay POSTs operators’ replies here',
      required: false,
      type: 'url',
    },
  ],
  secretLabel: 'Signing key',
  secretHint: 'HMAC key for the X-Signature header; generated when empty',
};

const FORMS: Partial<Record<ChannelKind, ChannelForm>> = {
  telegram: {
    externalIdLabel: 'Bot username',
    externalIdHint: 'For example acme_support_bot',
    credentials: [
      { key: 'botToken', label: 'Bot token', hint: 'From @BotFather: 123456:ABC-…', required: true, type: 'password' },
    ],
    secretLabel: 'Secret token',
    secretHint: 'Telegram sends it back in a header; generated when empty',
  },
  whatsapp: {
    externalIdLabel: 'WhatsApp business account id',
    externalIdHint: 'From Meta’s app dashboard',
    credentials: [
      { key: 'accessToken', label: 'Access token', required: true, type: 'password' },
      {
        key: 'phoneNumberId',
        label: 'Phone number id',
        hint: 'Replies go out through this number',
        required: false,
        type: 'text',
      },
    ],
    secretLabel: 'App secret',
    secretHint: 'Signs X-Hub-Signature-256; generated when empty',
  },
};

export function channelForm(channel: ChannelKind): ChannelForm {
  return FORMS[channel] ?? CALLBACK;
}

/** The credentials object the API expects: filled fields only. */
export function credentialsOf(channel: ChannelKind, values: Record<string, string>): Record<string, string> {
  const credentials: Record<string, string> = {};
  for (const field of channelForm(channel).credentials) {
    const value = values[field.key]?.trim();
    if (value) credentials[field.key] = value;
  }
  return credentials;
}
