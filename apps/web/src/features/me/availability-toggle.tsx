'use client';
// Online / Away for the signed-in operator (PATCH /me {availability}); the
// router assigns new conversations only to operators who are online.
import type { Availability } from '@relay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { meQueries, meRequests } from '../../data/me.ts';
import { errorText } from '../../lib/api.ts';
import styles from './availability-toggle.module.css';

const CHOICES: { value: Availability; label: string }[] = [
  { value: 'online', label: 'Online' },
  { value: 'away', label: 'Away' },
];

export function AvailabilityToggle() {
  const queryClient = useQueryClient();
  const me = useQuery(meQueries.me());
  const change = useMutation({
    mutationFn: (availability: Availability) => meRequests.patch({ availability }),
    onSuccess: (updated) => queryClient.setQueryData(meQueries.me().queryKey, updated),
  });
  const current = change.isPending ? change.variables : me.data?.availability;

  return (
    <div className={styles.wrap}>
      <fieldset className={styles.group} aria-label="Availability">
        {CHOICES.map((choice) => (
          <button
            key={choice.value}
            type="button"
            className={styles.choice}
            aria-pressed={current === choice.value}
            data-value={choice.value}
            disabled={me.isPending || change.isPending}
            onClick={() => change.mutate(choice.value)}
          >
            {choice.label}
          </button>
        ))}
      </fieldset>
      {change.isError ? (
        <p role="alert" className={styles.error}>
          {errorText(change.error)}
        </p>
      ) : null}
    </div>
  );
}
