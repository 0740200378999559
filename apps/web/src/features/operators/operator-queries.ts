// Moved to data/operators.ts; kept for the realtime cache code that still imports it here.
export { type OperatorListItem, operatorQueries } from '../../data/operators.ts';
