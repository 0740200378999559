// Priority as people say it. The API keeps 0–3 (docs/database.md): low,
// normal (the default), high, urgent; the router serves the waiting line
// highest first and SLA conditions may test it. Rows show any but normal.
export const NORMAL_PRIORITY = 1;

export const PRIORITIES = [
  { value: 0, label: 'Low' },
  { value: 1, label: 'Normal' },
  { value: 2, label: 'High' },
  { value: 3, label: 'Urgent' },
] as const;

export function priorityLabel(priority: number): string {
  return PRIORITIES.find((p) => p.value === priority)?.label ?? `Priority ${priority}`;
}
