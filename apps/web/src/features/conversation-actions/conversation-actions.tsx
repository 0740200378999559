'use client';
import type { ConversationItem } from '@relay/contracts';
// Everything an operator does to a conversation from the thread header, in
// one row under it: assignee, queue (transfer), priority, tags, and status
// (snooze, resolve, reopen). Each control shows its own error beside it.
import { atLeast } from '@relay/contracts';
import { useSession } from '../auth/use-session.ts';
import { AssignControl } from './assign-control.tsx';
import styles from './conversation-actions.module.css';
import { PriorityControl } from './priority-control.tsx';
import { StatusControl } from './status-control.tsx';
import { TagEditor } from './tag-editor.tsx';
import { TransferControl } from './transfer-control.tsx';

export function ConversationActions({ conversation, myId }: { conversation: ConversationItem; myId: string }) {
  const session = useSession();
  const canManage = session ? atLeast(session.operator.role, 'supervisor') : false;
  const assigneeId = conversation.assignedOperatorId;
  return (
    <div className={styles.bar} data-testid="conversation-actions">
      <AssignControl conversation={conversation} myId={myId} canManage={canManage} />
      <TransferControl conversation={conversation} allowed={canManage || assigneeId === null || assigneeId === myId} />
      <PriorityControl conversation={conversation} />
      <TagEditor conversation={conversation} />
      <StatusControl conversation={conversation} />
    </div>
  );
}
