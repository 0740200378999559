// Moved to data/me.ts; kept for the realtime cache code that still imports it here.
export { type Me, meQueries } from '../../data/me.ts';
