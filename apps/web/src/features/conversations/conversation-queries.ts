// Moved to data/conversations.ts; kept for the realtime cache code that still imports it here.
export { conversationQueries } from '../../data/conversations.ts';
