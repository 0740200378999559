// The harness's side of memory-probe.ts: asks a child started with the probe
// preloaded for one sample, over the child's IPC channel.
import type { ChildProcess } from 'node:child_process';

export type MemorySample = NodeJS.MemoryUsage & { cpuUserMs: number; cpuSystemMs: number; gcExposed: boolean };
export type Ask = { type: 'memory-probe'; id: number };
export type Answer = { type: 'memory-probe'; id: number; sample: MemorySample };

let nextId = 1;

/** The harness's side: one sample from a child started with this probe preloaded. */
export function sampleMemory(child: ChildProcess, timeoutMs = 10_000): Promise<MemorySample> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error('the memory probe did not answer'));
    }, timeoutMs);
    const onMessage = (message: Answer) => {
      if (message?.type !== 'memory-probe' || message.id !== id) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message.sample);
    };
    child.on('message', onMessage);
    child.send({ type: 'memory-probe', id } satisfies Ask);
  });
}
