// The api channel signs like Meta does: `X-Signature: sha256=<hex HMAC-SHA256
// of the raw body>` with the account's secret.
import { verifySha256Header } from '../signatures.ts';

export function verifyApiSignature(rawBody: Buffer, header: string | undefined, secret: string): void {
  verifySha256Header(rawBody, header, secret, 'X-Signature');
}
