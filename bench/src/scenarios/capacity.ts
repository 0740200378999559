// Scenario 4: idle authenticated sockets on one gateway node. A fresh node of
// its own (the same entry file and environment as the others, plus
// --expose-gc and the memory probe) is measured before and after the sockets
// connect and sit idle through heartbeats and ticks: connect rate, RSS and
// heap per socket, and what keeping them costs in CPU.
import { MEMORY_PROBE, repoPath } from '../paths.ts';
import { progress } from '../progress.ts';
import { type Measurement, NO_LOSS, type Scenario } from '../scenario.ts';
import { freePorts } from '../stack/free-port.ts';
import { type MemorySample, sampleMemory } from '../stack/memory-sample.ts';
import { seedTenants } from '../stack/seed-tenants.ts';
import { httpOk, waitFor } from '../stack/wait-for.ts';
import { socketSpecsOf } from './tenant-fleet.ts';

const GOAL_RSS_KB_PER_SOCKET = 16;
const READY_TIMEOUT_MS = 60_000;

const kb = (bytes: number) => bytes / 1024;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

function perSocket(before: MemorySample, after: MemorySample, sockets: number) {
  const delta = (key: 'rss' | 'heapUsed' | 'heapTotal' | 'external' | 'arrayBuffers') =>
    kb((after[key] - before[key]) / sockets);
  return {
    rssKb: delta('rss'),
    heapUsedKb: delta('heapUsed'),
    heapTotalKb: delta('heapTotal'),
    externalKb: delta('external'),
    arrayBuffersKb: delta('arrayBuffers'),
  };
}

export const capacityScenario: Scenario = {
  id: 'capacity',
  numbers: [4],
  title: 'Capacity',
  measures: 'idle authenticated sockets on one fresh gateway node: connect rate, RSS and heap per socket',
  async run({ stack, load, sizes }) {
    const sockets = sizes.capacitySockets;
    const perTenant = Math.ceil(sockets / sizes.capacityTenants);
    progress(`capacity: seeding ${sizes.capacityTenants} tenants × ${perTenant} operators`);
    const tenants = await seedTenants(stack.sql, stack.config, {
      name: 'cap',
      tenants: sizes.capacityTenants,
      operatorsPerTenant: perTenant,
      chatsPerTenant: 1,
    });
    const [port] = (await freePorts(1)) as [number];
    const url = `http://127.0.0.1:${port}`;
    const node = stack.processes.start(
      'gateway-capacity',
      repoPath('apps/gateway/src/index.ts'),
      { ...stack.appEnv, PORT: String(port) },
      ['--expose-gc', '--import', MEMORY_PROBE],
    );
    try {
      const alive = () => {
        if (!node.running) throw new Error(`gateway-capacity exited; its log ends:\n${node.tail()}`);
      };
      await waitFor('gateway-capacity', () => httpOk(`${url}/healthz`), alive, READY_TIMEOUT_MS);
      // A moment for start-up work (the first presence sweep, JIT) to settle before the baseline.
      await sleep(1_000);
      const before = await sampleMemory(node.process);
      if (!before.gcExposed) throw new Error('the node was started without --expose-gc');

      const specs = socketSpecsOf(tenants, [url]).slice(0, sockets);
      progress(`capacity: connecting ${specs.length} sockets to one node, ${sizes.capacityConcurrency} at a time`);
      const connect = await load.connect(specs, sizes.capacityConcurrency);
      alive();
      const connectedAt = await sampleMemory(node.process);
      progress(
        `capacity: ${connect.connected} connected in ${connect.elapsedMs} ms (${connect.failed} failed); idle ${sizes.capacityIdleMs / 1000} s`,
      );
      await sleep(sizes.capacityIdleMs);
      const after = await sampleMemory(node.process);
      const status = await load.status();
      alive();

      const per = perSocket(before, after, connect.connected);
      const ratePerSecond = connect.connected / (connect.elapsedMs / 1000);
      const idleCpuMs = after.cpuUserMs + after.cpuSystemMs - (connectedAt.cpuUserMs + connectedAt.cpuSystemMs);
      const idleCpuPercent = (idleCpuMs / sizes.capacityIdleMs) * 100;
      progress(
        `capacity: RSS ${mb(before.rss)} → ${mb(after.rss)} MB (${per.rssKb.toFixed(1)} KB/socket), heap ${per.heapUsedKb.toFixed(1)} KB/socket, idle CPU ${idleCpuPercent.toFixed(1)} %`,
      );
      const measurements: Measurement[] = [
        {
          number: 4,
          metric: 'sockets connected / still open after the idle time',
          result: `${connect.connected} of ${specs.length} / ${status.open}`,
          goal: `${specs.length}`,
          met: connect.connected === specs.length && status.open === specs.length,
        },
        {
          number: 4,
          metric: `connect rate (${sizes.capacityConcurrency} handshakes in flight) · handshake p50 / p99`,
          result: `${Math.round(ratePerSecond)} sockets/s · ${connect.connectMs.p50} / ${connect.connectMs.p99} ms`,
        },
        {
          number: 4,
          metric: 'RSS per socket (after GC; node total before → after)',
          result: `${per.rssKb.toFixed(1)} KB (${mb(before.rss)} → ${mb(after.rss)} MB)`,
          goal: `≤ ${GOAL_RSS_KB_PER_SOCKET} KB`,
          met: per.rssKb <= GOAL_RSS_KB_PER_SOCKET,
        },
        {
          number: 4,
          metric: 'JS heap used per socket (after GC) · external + array buffers',
          result: `${per.heapUsedKb.toFixed(1)} KB · ${(per.externalKb).toFixed(1)} KB`,
        },
        {
          number: 4,
          metric: `the node's CPU while the sockets sit idle (${sizes.capacityIdleMs / 1000} s)`,
          result: `${idleCpuPercent.toFixed(1)} % of one core`,
        },
      ];
      return {
        measurements,
        // An idle socket the node dropped is a lost connection.
        integrity: { ...NO_LOSS, lost: specs.length - status.open },
        charts: [],
        details: { connect, before, connectedAt, after, perSocketKb: per, status, idleCpuPercent },
        notes: [
          `A gateway node started for this scenario alone (apps/gateway/src/index.ts, the run's environment, plus --expose-gc and bench/src/stack/memory-probe.ts), so nothing else's sockets or history are in its numbers; memory is read with process.memoryUsage() after garbage collection.`,
          `${tenants.length} tenants × ${perTenant} operators, one socket each; every handshake checks the session in PostgreSQL and registers presence in Redis, as in production.`,
        ],
      };
    } finally {
      await load.disconnect().catch(() => {});
      await stack.processes.stop(node);
    }
  },
};

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
