'use client';
import type { Client, ClientDetail } from '@relay/contracts';
// Merging a duplicate into this client (supervisors): find the other client
// (GET /clients?q=), confirm with what will happen spelled out, then
// POST /clients/:id/merge and say what came of it. The duplicate's channels
// and conversations move here, so the inbox lists are reread.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { clientQueries, clientRequests } from '../../data/clients.ts';
import { conversationQueries } from '../../data/conversations.ts';
import { errorText } from '../../lib/api.ts';
import { invalidateLists } from '../conversations/conversation-cache.ts';
import { clientLabel } from './client-label.ts';
import styles from './client-panel.module.css';

type Outcome = { merged: string; channels: number; conversations: number };

export function ClientMerge({ client }: { client: ClientDetail }) {
  const queryClient = useQueryClient();
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<Client | null>(null);
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const search = useQuery(clientQueries.search(useDeferredValue(q.trim())));
  const others = (search.data?.items ?? []).filter((item) => item.id !== client.id);

  const merge = useMutation({
    mutationFn: (duplicate: Client) =>
      clientRequests.merge(client.id, {
        mergedClientId: duplicate.id,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      }),
    onSuccess: (detail, duplicate) => {
      queryClient.setQueryData(clientQueries.detail(client.id).queryKey, detail);
      void queryClient.invalidateQueries({ queryKey: clientQueries.all() });
      void invalidateLists(queryClient);
      void queryClient.invalidateQueries({ queryKey: conversationQueries.details() });
      setOutcome({
        merged: clientLabel(duplicate),
        channels: detail.identities.length,
        conversations: detail.conversations.length,
      });
      setPicked(null);
      setQ('');
      setReason('');
    },
  });

  return (
    <section className={styles.section} aria-labelledby="client-merge">
      <h4 id="client-merge" className={styles.title}>
        Merge a duplicate
      </h4>
      {outcome ? (
        <p role="status" className={styles.success}>
          Merged {outcome.merged} into {clientLabel(client)}, who now has {outcome.channels} channel
          {outcome.channels === 1 ? '' : 's'} and {outcome.conversations} conversation
          {outcome.conversations === 1 ? '' : 's'} you can see.
        </p>
      ) : null}
      {picked ? (
        <fieldset className={styles.confirm} aria-label="Confirm the merge">
          <p className={styles.confirmText}>
            <strong>
              Merge {clientLabel(picked)} into {clientLabel(client)}?
            </strong>{' '}
            Their channels and conversations move to {clientLabel(client)}, blank name, phone or email here are filled
            from theirs, and {clientLabel(picked)} leaves the client lists. This cannot be undone.
          </p>
          <label className={styles.field}>
            <span>Reason (optional)</span>
            <input
              className={styles.input}
              value={reason}
              maxLength={500}
              onChange={(event) => setReason(event.target.value)}
            />
          </label>
          <div className={styles.inline}>
            <button
              type="button"
              className={`${styles.small} ${styles.danger}`}
              disabled={merge.isPending}
              onClick={() => merge.mutate(picked)}
            >
              {merge.isPending ? 'Merging…' : 'Merge'}
            </button>
            <button type="button" className={styles.small} onClick={() => setPicked(null)} disabled={merge.isPending}>
              Cancel
            </button>
          </div>
          {merge.isError ? (
            <p role="alert" className={styles.error}>
              Not merged: {errorText(merge.error)}
            </p>
          ) : null}
        </fieldset>
      ) : (
        <>
          <label className={styles.field}>
            <span>Find the other client</span>
            <input
              type="search"
              className={styles.input}
              placeholder="Name, phone or email"
              value={q}
              maxLength={200}
              onChange={(event) => {
                setQ(event.target.value);
                setOutcome(null);
              }}
            />
          </label>
          {search.isError ? (
            <p role="alert" className={styles.error}>
              Search failed: {errorText(search.error)}
            </p>
          ) : null}
          {search.isSuccess && q.trim() && others.length === 0 ? (
            <p className={styles.muted}>No other client matches.</p>
          ) : null}
          <ul className={styles.list}>
            {others.map((other) => (
              <li key={other.id} className={styles.candidate} data-testid="merge-candidate">
                <span className={styles.candidateText}>
                  <span>{clientLabel(other)}</span>
                  <span className={styles.fact}>{[other.phone, other.email].filter(Boolean).join(' · ')}</span>
                </span>
                <button type="button" className={styles.small} onClick={() => setPicked(other)}>
                  Merge…
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
