// The SLA clock of a conversation: time left to the first response (or, once
// answered, to resolution); amber after the warning time, red once breached.

import type { Conversation } from '@relay/contracts';
import { countdown } from '../../lib/format-time.ts';
import styles from './sla-badge.module.css';

type Clock = { label: string; dueAt: string; warnAt: string | null; breached: boolean };

function activeClock(conversation: Conversation): Clock | null {
  if (conversation.status === 'resolved') return null;
  if (!conversation.firstResponseAt && conversation.firstResponseDueAt) {
    return {
      label: 'First response',
      dueAt: conversation.firstResponseDueAt,
      warnAt: conversation.firstResponseWarnAt,
      breached: conversation.firstResponseBreached,
    };
  }
  if (conversation.resolutionDueAt) {
    return {
      label: 'Resolution',
      dueAt: conversation.resolutionDueAt,
      warnAt: conversation.resolutionWarnAt,
      breached: conversation.resolutionBreached,
    };
  }
  return null;
}

export function SlaBadge({ conversation, now }: { conversation: Conversation; now: number }) {
  const clock = activeClock(conversation);
  if (!clock) return null;
  const left = Date.parse(clock.dueAt) - now;
  const level =
    clock.breached || left <= 0 ? 'breached' : clock.warnAt && now >= Date.parse(clock.warnAt) ? 'warning' : 'ok';
  const text = left <= 0 ? `${countdown(-left)} overdue` : countdown(left);
  return (
    <span
      className={styles.badge}
      data-testid="sla-badge"
      data-level={level}
      title={`${clock.label} due ${new Date(clock.dueAt).toLocaleString()}`}
    >
      {text}
    </span>
  );
}
