// Progress lines on stderr, stamped with the seconds since the run began, so
// stdout carries only the summary table (a CI log can grep it).
const started = performance.now();

export function progress(line: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[${seconds}s] ${line}\n`);
}
