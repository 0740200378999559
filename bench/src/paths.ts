// Where the harness finds the repository and writes its reports, independent
// of the directory npm starts it in (the workspace, or the repository root).
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

/** Each child process preloads tsx and this guard (see orphan-guard.ts). */
export const ORPHAN_GUARD = fileURLToPath(new URL('./stack/orphan-guard.ts', import.meta.url));

export function repoPath(relative: string): string {
  return fileURLToPath(new URL(relative, `file://${REPO_ROOT}`));
}

/** Preloaded into the node scenario 4 measures (see memory-probe.ts). */
export const MEMORY_PROBE = fileURLToPath(new URL('./stack/memory-probe.ts', import.meta.url));
