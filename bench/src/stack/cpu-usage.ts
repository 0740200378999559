// Where the machine's CPU went during a phase: user + system time of each
// process the harness started (from /proc/<pid>/stat) and of the PostgreSQL
// and Redis server processes (by name; PostgreSQL narrowed to the backends of
// the run's database when their pids are given, so another database's work on
// a shared server is not counted). Divided by the phase's messages it gives
// CPU per message, a steadier before/after figure than a latency percentile
// near the knee. Linux only: elsewhere the snapshot is empty and the report
// says so.
import { readdirSync, readFileSync } from 'node:fs';
import type { Sql } from '@relay/db';
import type { Child } from './processes.ts';

/** USER_HZ: /proc reports times in these ticks (100 on every Linux the harness runs on). */
const TICKS_PER_SECOND = 100;
const SERVERS: Record<string, string> = { postgres: 'postgres', 'redis-server': 'redis' };

/**
 * CPU milliseconds used so far, per "<name>:<pid>" (a server's processes are summed when
 * per-message figures are made, so a backend born during a phase counts whole and the others by
 * their difference).
 */
export type CpuSnapshot = Record<string, number>;

export type CpuScope = {
  /** Count the PostgreSQL and Redis servers (false: the harness's children only, e.g. standalone). */
  servers: boolean;
  /** Only these PostgreSQL processes (see postgresPidsOf); absent: every postgres process. */
  postgresPids?: number[];
};

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

const msOf = (ticks: number) => (ticks * 1000) / TICKS_PER_SECOND;

export function cpuSnapshot(children: Child[], scope: CpuScope = { servers: true }): CpuSnapshot {
  const snapshot: CpuSnapshot = {};
  for (const child of children) {
    const pid = child.process.pid;
    const usage = child.running && pid ? ticksOf(pid) : undefined;
    if (usage) snapshot[`${child.name}:${pid}`] = msOf(usage.ticks);
  }
  if (!scope.servers) return snapshot;
  const wanted = scope.postgresPids ? new Set(scope.postgresPids.map(String)) : undefined;
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return snapshot;
  }
  for (const pid of pids) {
    const usage = ticksOf(pid);
    const server = usage && SERVERS[usage.comm];
    if (!usage || !server) continue;
    if (server === 'postgres' && wanted && !wanted.has(pid)) continue;
    snapshot[`${server}:${pid}`] = msOf(usage.ticks);
  }
  return snapshot;
}

/**
 * The PostgreSQL processes that work for the run's database: its backends (the harness's own
 * pool, named applicationName, left out) and the server's background processes (WAL writer,
 * checkpointer, background writer: shared with any other database, but on a quiet server ours).
 */
export async function postgresPidsOf(sql: Sql, database: string, harnessApplication: string): Promise<number[]> {
  const rows = await sql<{ pid: number }[]>`
    select pid from pg_stat_activity
     where (datname = ${database} and application_name <> ${harnessApplication}) or datname is null`;
  return rows.map((row) => row.pid);
}

/**
 * CPU ms per message between two snapshots, per process name. A process that ended between them
 * takes its time with it (a PostgreSQL backend closed mid-phase), so the servers' figures are a
 * floor; the apps' pools stay open through a phase.
 */
export function cpuPerMessage(before: CpuSnapshot, after: CpuSnapshot, messages: number): Record<string, number> {
  const used: Record<string, number> = {};
  for (const [key, ms] of Object.entries(after)) {
    const name = key.slice(0, key.lastIndexOf(':'));
    used[name] = (used[name] ?? 0) + ms - (before[key] ?? 0);
  }
  const per: Record<string, number> = {};
  for (const [name, ms] of Object.entries(used)) {
    if (ms > 0 && messages > 0) per[name] = Math.round((ms / messages) * 100) / 100;
  }
  return per;
}

/** The sum over the named processes (absent ones count 0). */
export function cpuOf(per: Record<string, number>, names: string[]): number {
  return Math.round(names.reduce((sum, name) => sum + (per[name] ?? 0), 0) * 100) / 100;
}

export function describeCpu(per: Record<string, number>): string {
  const total = Object.values(per).reduce((a, b) => a + b, 0);
  const parts = Object.entries(per)
    .sort((a, b) => b[1] - a[1])
    .map(([name, ms]) => `${name} ${ms.toFixed(2)}`);
  return parts.length ? `${total.toFixed(2)} ms (${parts.join(', ')})` : 'not measured (no /proc)';
}
