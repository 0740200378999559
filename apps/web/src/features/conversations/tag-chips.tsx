// A conversation's tags as small chips, in the list row and the thread header.
// Plain spans: in a row they sit inside its link and read as part of its name.
import type { ConversationTag } from '@relay/contracts';
import styles from './tag-chips.module.css';

export function TagChips({ tags, className }: { tags: readonly ConversationTag[] | undefined; className?: string }) {
  if (!tags?.length) return null;
  return (
    <span className={`${styles.chips} ${className ?? ''}`}>
      {tags.map((tag) => (
        <span key={tag.id} className={styles.chip} data-testid="tag-chip">
          <span className={styles.dot} style={{ background: tag.color ?? 'var(--text-faint)' }} aria-hidden="true" />
          {tag.name}
        </span>
      ))}
    </span>
  );
}
