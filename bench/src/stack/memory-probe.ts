// Preloaded (--import, with --expose-gc) into a process whose memory a
// scenario measures: asked over the IPC channel, it collects garbage until
// the heap stops shrinking and answers with process.memoryUsage() and the
// CPU time used so far. The app itself is not changed for the measurement.
import type { Answer, Ask } from './memory-sample.ts';

function collect(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return false;
  let before = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5 && process.memoryUsage().heapUsed < before; i++) {
    before = process.memoryUsage().heapUsed;
    gc();
  }
  return true;
}

if (process.channel) {
  process.on('message', (message: Ask) => {
    if (message?.type !== 'memory-probe') return;
    const gcExposed = collect();
    const cpu = process.cpuUsage();
    const sample = { ...process.memoryUsage(), cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000, gcExposed };
    process.send?.({ type: 'memory-probe', id: message.id, sample } satisfies Answer);
  });
  // Listening must not keep a finished process alive (the orphan guard unref'd it for the same reason).
  process.channel.unref();
}
