// Key material made fresh for each stand-in: the TLS certificate it serves
// (valid for Google's FCM and OAuth hosts and for localhost) and an RSA
// service account whose signed JWTs it accepts.
import { generateKeyPair, randomBytes, randomInt } from 'node:crypto';
import { promisify } from 'node:util';
import { generate } from 'selfsigned';

export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

export type StandInCertificate = { key: string; cert: string };

export async function standInCertificate(): Promise<StandInCertificate> {
  const pems = await generate([{ name: 'commonName', value: 'fcm.googleapis.com' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    // A minute back, so a clock a little behind still accepts it.
    notBeforeDate: new Date(Date.now() - 60_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'fcm.googleapis.com' },
          { type: 2, value: 'oauth2.googleapis.com' },
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/** The JSON a Firebase console download holds, with a key made here. */
export type ServiceAccountJson = {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  auth_uri: string;
  token_uri: string;
  auth_provider_x509_cert_url: string;
  client_x509_cert_url: string;
  universe_domain: string;
};

export type GeneratedServiceAccount = { json: ServiceAccountJson; publicKey: string };

const generateRsa = promisify(generateKeyPair);

export async function generateServiceAccount(projectId: string): Promise<GeneratedServiceAccount> {
  const { privateKey, publicKey } = await generateRsa('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const clientEmail = `firebase-adminsdk-relay@${projectId}.iam.gserviceaccount.com`;
  return {
    publicKey,
    json: {
      type: 'service_account',
      project_id: projectId,
      private_key_id: randomBytes(20).toString('hex'),
      private_key: privateKey,
      client_email: clientEmail,
      client_id: String(randomInt(1e9, 1e10 - 1)) + String(randomInt(1e9, 1e10 - 1)),
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: GOOGLE_TOKEN_URL,
      auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
      client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(clientEmail)}`,
      universe_domain: 'googleapis.com',
    },
  };
}
