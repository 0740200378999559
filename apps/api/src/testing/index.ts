// Test support for the API's own tests and standalone's (which runs the API):
// processes started from an entry file, and load that runs through a shutdown.
// Test-only: nothing outside test files imports this entry.
export { type ChildEntry, killChildEntries, startChildEntry } from './child-entry.ts';
export { listeningPort } from './listening-port.ts';
export { loadThroughShutdown, type ShutdownLoadReport } from './load-through-shutdown.ts';
export { logInOverHttp } from './log-in.ts';
