'use client';
import type { ConversationItem } from '@relay/contracts';
// The conversation's tags: chips, and a checklist of the workspace's tags
// that replaces the set (PUT /conversations/:id/tags) on every tick.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { conversationRequests } from '../../data/conversations.ts';
import { tagQueries } from '../../data/tags.ts';
import { errorText } from '../../lib/api.ts';
import { CheckList } from '../conversations/check-list.tsx';
import { Popover } from '../conversations/popover.tsx';
import { TagChips } from '../conversations/tag-chips.tsx';
import styles from './conversation-actions.module.css';
import { useApplyConversation } from './use-conversation-change.ts';

export function TagEditor({ conversation }: { conversation: ConversationItem }) {
  const tags = useQuery(tagQueries.all());
  const apply = useApplyConversation(conversation.id);
  const save = useMutation({
    mutationFn: (tagIds: string[]) => conversationRequests.setTags(conversation.id, tagIds),
    onSuccess: (answer) => apply({ tags: answer.items }),
  });
  const saved = (conversation.tags ?? []).map((tag) => tag.id);
  // While a change is saved its boxes show it already; an error puts them back. Local state, set in the
  // click itself: the mutation's own pending state arrives a tick later, and until then the box would
  // flick back to unchecked.
  const [saving, setSaving] = useState<string[] | null>(null);
  const current = saving ?? saved;
  const toggle = (id: string, on: boolean) => {
    const next = on ? [...current, id] : current.filter((t) => t !== id);
    setSaving(next);
    save.mutate(next, { onSettled: () => setSaving(null) });
  };

  return (
    <div className={styles.control}>
      <div className={styles.inline}>
        <TagChips tags={conversation.tags} />
        <Popover title="Edit tags" buttonClassName={styles.button} label="Tags ▾" testId="tag-editor-button">
          {() =>
            tags.isPending ? (
              <p className={styles.hint}>Loading tags…</p>
            ) : tags.isError ? (
              <p role="alert" className={styles.error}>
                Could not load tags: {errorText(tags.error)}
              </p>
            ) : tags.data.items.length === 0 ? (
              <p className={styles.hint}>No tags yet: supervisors add them in Settings, Tags.</p>
            ) : (
              <CheckList
                options={tags.data.items.map((tag) => ({ value: tag.id, label: tag.name, color: tag.color }))}
                checked={current}
                disabled={saving !== null}
                onToggle={toggle}
              />
            )
          }
        </Popover>
      </div>
      {save.isError ? (
        <p role="alert" className={styles.error}>
          {errorText(save.error)}
        </p>
      ) : null}
    </div>
  );
}
