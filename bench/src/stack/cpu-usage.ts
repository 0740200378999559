// Where the machine's CPU went during a phase: user + system time of each
// process the harness started (from /proc/<pid>/stat) and of every PostgreSQL
// and Redis server process (by name, so it counts the backends serving the
// apps). Divided by the phase's messages it gives CPU per message, a steadier
// before/after figure than a latency percentile near the knee. Linux only:
// elsewhere the snapshot is empty and the report says so.
import { readdirSync, readFileSync } from 'node:fs';
import type { Child } from './processes.ts';

/** USER_HZ: /proc reports times in these ticks (100 on every Linux the harness runs on). */
const TICKS_PER_SECOND = 100;
const SERVERS: Record<string, string> = { postgres: 'postgres', 'redis-server': 'redis' };

export type CpuSnapshot = Record<string, number>;

function ticksOf(pid: number | string): { comm: string; ticks: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces; the fields after it are fixed.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    return { comm, ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/** CPU milliseconds used so far, per process name (the servers summed over their processes). */
export function cpuSnapshot(children: Child[]): CpuSnapshot {
  const snapshot: CpuSnapshot = {};
  const add = (name: string, ticks: number) => {
    snapshot[name] = (snapshot[name] ?? 0) + (ticks * 1000) / TICKS_PER_SECOND;
  };
  for (const child of children) {
    const pid = child.process.pid;
    const usage = child.running && pid ? ticksOf(pid) : undefined;
    if (usage) add(child.name, usage.ticks);
  }
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return snapshot;
  }
  for (const pid of pids) {
    const usage = ticksOf(pid);
    const server = usage && SERVERS[usage.comm];
    if (usage && server) add(server, usage.ticks);
  }
  return snapshot;
}

/**
 * CPU ms per message between two snapshots, per process. A PostgreSQL backend
 * that ended between them takes its time with it, so the servers' figures are
 * a floor; the harness's pools stay open through a phase.
 */
export function cpuPerMessage(before: CpuSnapshot, after: CpuSnapshot, messages: number): Record<string, number> {
  const per: Record<string, number> = {};
  for (const [name, ms] of Object.entries(after)) {
    const used = ms - (before[name] ?? 0);
    if (used > 0 && messages > 0) per[name] = Math.round((used / messages) * 100) / 100;
  }
  return per;
}

export function describeCpu(per: Record<string, number>): string {
  const total = Object.values(per).reduce((a, b) => a + b, 0);
  const parts = Object.entries(per)
    .sort((a, b) => b[1] - a[1])
    .map(([name, ms]) => `${name} ${ms.toFixed(2)}`);
  return parts.length ? `${total.toFixed(2)} ms (${parts.join(', ')})` : 'not measured (no /proc)';
}
