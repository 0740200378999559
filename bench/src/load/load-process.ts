// The load generator: its own process, so its CPU (a thousand sockets'
// frames, hundreds of requests a second) is not the harness's or the apps'.
// It does what the harness asks over IPC — connect the fleet, run a load
// phase, time a catch-up — and answers each command once.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { expectedSockets } from './audience.ts';
import { catchUp } from './catch-up-client.ts';
import { DeliveryTally } from './delivery-tally.ts';
import type { Command, LoadPhase, LoadResult, Reply } from './protocol.ts';
import { SocketFleet } from './socket-fleet.ts';
import { sendOpenLoop } from './webhook-sender.ts';

const fleet = new SocketFleet();
const ANSWER_CAP_MS = 120_000;

async function runLoad(load: LoadPhase): Promise<LoadResult> {
  const expected = load.targets.map((target) => expectedSockets(target, fleet.specs));
  const messages = Math.round((load.ratePerSecond * load.durationMs) / 1000);
  const startAt = performance.now() + 100;
  const tally = new DeliveryTally(load.phase, messages, (n) => expected[n % expected.length] as Set<number>, startAt);
  fleet.onReceipt = (phase, n, socketKey, at) => {
    if (phase === load.phase) tally.received(n, socketKey, at);
  };
  const disconnectsBefore = fleet.disconnects;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const sending = await sendOpenLoop(load, tally, startAt);
  // Every request ends (answered, refused, or timed out by the sender), so a server that fell
  // behind is measured as slow rather than as failing; deliveries then get drainMs more.
  // A hung server cannot hang the run: what is unanswered after the cap counts as failed.
  await Promise.race([sending.allAnswered, sleep(ANSWER_CAP_MS)]);
  const deadline = performance.now() + load.drainMs;
  while (performance.now() < deadline && !tally.settled()) await sleep(50);
  loopDelay.disable();
  fleet.onReceipt = () => {};
  return tally.close({
    schedulerLagMaxMs: sending.schedulerLagMaxMs,
    eventLoopDelayP99Ms: Math.round(loopDelay.percentile(99) / 1e4) / 100,
    disconnects: fleet.disconnects - disconnectsBefore,
  });
}

async function handle(command: Command): Promise<unknown> {
  switch (command.type) {
    case 'connect':
      return fleet.connect(command.sockets, command.concurrency);
    case 'load':
      return runLoad(command.load);
    case 'catch-up':
      return catchUp(command.url, command.token, command.deviceId, command.after);
    case 'fleet-status':
      return fleet.status();
    case 'disconnect':
      fleet.close();
      return null;
  }
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// The orphan guard unref'd the channel; this process lives for its commands.
process.channel?.ref();
process.on('message', (command: Command) => {
  handle(command).then(
    (result) => process.send?.({ id: command.id, ok: true, result } satisfies Reply),
    (error: Error) =>
      process.send?.({ id: command.id, ok: false, error: error.stack ?? String(error) } satisfies Reply),
  );
});
