'use client';
// The collision warning above the composer: which colleagues have this
// conversation open, and which of them are writing a reply right now. The
// live region is always there (empty when nobody is), so screen readers hear
// each change.
import { useQuery } from '@tanstack/react-query';
import { operatorQueries } from '../../data/operators.ts';
import styles from './collision-banner.module.css';
import { useCollaborators } from './use-collaborators.ts';

export function CollisionBanner({ conversationId, myId }: { conversationId: string; myId: string }) {
  const { viewingIds, typingIds } = useCollaborators(conversationId, myId);
  const operators = useQuery(operatorQueries.all());
  const nameOf = (id: string) => operators.data?.items.find((operator) => operator.id === id)?.name ?? 'A colleague';
  const typingNames = typingIds.map(nameOf);
  const viewingNames = viewingIds.filter((id) => !typingIds.includes(id)).map(nameOf);
  const parts = [
    typingNames.length > 0 ? `${listOf(typingNames)} ${typingNames.length === 1 ? 'is' : 'are'} replying…` : '',
    viewingNames.length > 0 ? `${listOf(viewingNames)} ${viewingNames.length === 1 ? 'is' : 'are'} also viewing` : '',
  ].filter(Boolean);

  return (
    <div
      role="status"
      className={styles.banner}
      data-testid="collision-banner"
      data-typing={typingIds.length > 0 ? 'true' : 'false'}
    >
      {parts.join(' · ')}
    </div>
  );
}

function listOf(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
