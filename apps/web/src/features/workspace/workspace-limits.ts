// What each plan limit is called and what it means, in the order the
// workspace page lists them, and which usage figure (if any) counts against it.
import type { CurrentTenant, TenantLimitName } from '@relay/contracts';

export type LimitInfo = {
  name: TenantLimitName;
  label: string;
  hint: string;
  /** The usage the API counts against this limit; absent for rates it enforces on the fly. */
  usage?: keyof CurrentTenant['usage'];
};

export const LIMITS: readonly LimitInfo[] = [
  {
    name: 'maxOperators',
    label: 'Operators',
    hint: 'Active accounts of any role. Deactivated ones do not count.',
    usage: 'activeOperators',
  },
  {
    name: 'maxDialogsPerMonth',
    label: 'New conversations per month',
    hint: 'Counted from the 1st of the month (UTC). Past the limit, new customers are refused; existing conversations go on.',
    usage: 'dialogsThisMonth',
  },
  {
    name: 'maxConcurrentUsers',
    label: 'Open connections',
    hint: 'Browser tabs and app sessions connected at once.',
  },
  { name: 'maxEventsPerSecond', label: 'Client events per second', hint: 'Typing, sync and similar, workspace-wide.' },
  { name: 'maxJoinsPerSecond', label: 'Connections per second', hint: 'New connections accepted per second.' },
  {
    name: 'maxChannelsPerClient',
    label: 'Watched conversations per connection',
    hint: 'How many conversations one tab may follow live.',
  },
];
