// Shared by the sender tests: stand-ins closed after each test, and a
// failed send unwrapped to its DeliveryError.
import { afterEach, expect } from 'vitest';
import { DeliveryError } from '../../src/index.ts';

const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

export function closeAfterTest(close: () => Promise<void>): void {
  closers.push(close);
}

export async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => expect.unreachable('the send succeeded'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}
