// Shared by the sender tests: stand-ins closed after each test, an egress
// client set up as a deployment would (provider base URLs trusted, callback
// stand-ins explicitly allowlisted), and a failed send unwrapped to its DeliveryError.
import { createEgress, type Egress, type EgressOptions } from '@relay/egress';
import { afterEach, expect } from 'vitest';
import { DeliveryError } from '../../src/index.ts';

const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

export function closeAfterTest(close: () => Promise<void>): void {
  closers.push(close);
}

/** An egress client closed after the test. */
export function testEgress(options: EgressOptions): Egress {
  const egress = createEgress(options);
  closeAfterTest(() => egress.close());
  return egress;
}

/** host:port of a stand-in's URL: what OUTBOUND_ALLOW would name. */
export function hostPortOf(url: string): string {
  return new URL(url).host;
}

export async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => expect.unreachable('the send succeeded'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}
