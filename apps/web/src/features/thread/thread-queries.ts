// Moved to data/messages.ts; kept for the realtime cache code that still imports it here.
export { threadQueries } from '../../data/messages.ts';
