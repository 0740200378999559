'use client';
import type { ConversationItem, PatchConversationBody } from '@relay/contracts';
// The conversation's status (PATCH /conversations/:id): resolve or reopen,
// and snooze until a preset or a picked moment (unsnooze reopens it now).
import { type FormEvent, useState } from 'react';
import { conversationRequests } from '../../data/conversations.ts';
import { errorText } from '../../lib/api.ts';
import { Popover } from '../conversations/popover.tsx';
import styles from './conversation-actions.module.css';
import { fromLocalInput, SNOOZE_PRESETS, toLocalInput } from './snooze-presets.ts';
import { useConversationMutation } from './use-conversation-change.ts';

const untilFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

export function StatusControl({ conversation }: { conversation: ConversationItem }) {
  const patch = useConversationMutation(conversation.id, (body: PatchConversationBody) =>
    conversationRequests.patch(conversation.id, body),
  );
  const { status } = conversation;
  const snoozedUntil = status === 'snoozed' && conversation.snoozedUntil ? new Date(conversation.snoozedUntil) : null;

  return (
    <div className={styles.control}>
      <div className={styles.inline}>
        {snoozedUntil ? (
          <span className={styles.note} data-testid="snoozed-until">
            Snoozed until {untilFormat.format(snoozedUntil)}
          </span>
        ) : null}
        {status === 'resolved' || status === 'snoozed' ? (
          <button
            type="button"
            className={styles.button}
            disabled={patch.isPending}
            onClick={() => patch.mutate({ status: 'open' })}
          >
            {status === 'resolved' ? 'Reopen' : 'Unsnooze'}
          </button>
        ) : null}
        {status !== 'resolved' ? (
          <Popover
            title="Snooze until"
            buttonClassName={styles.button}
            disabled={patch.isPending}
            align="end"
            label={status === 'snoozed' ? 'Snooze again…' : 'Snooze…'}
          >
            {(close) => (
              <SnoozeChoices
                pending={patch.isPending}
                onPick={(until) =>
                  patch.mutate({ status: 'snoozed', snoozedUntil: until.toISOString() }, { onSuccess: close })
                }
              />
            )}
          </Popover>
        ) : null}
        {status !== 'resolved' ? (
          <button
            type="button"
            className={`${styles.button} ${styles.primary}`}
            disabled={patch.isPending}
            onClick={() => patch.mutate({ status: 'resolved' })}
          >
            Resolve
          </button>
        ) : null}
      </div>
      {patch.isError ? (
        <p role="alert" className={styles.error}>
          {errorText(patch.error)}
        </p>
      ) : null}
    </div>
  );
}

function SnoozeChoices({ pending, onPick }: { pending: boolean; onPick: (until: Date) => void }) {
  const [custom, setCustom] = useState(() => toLocalInput(new Date(Date.now() + 2 * 3_600_000)));
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const until = fromLocalInput(custom);
    if (!until) return setProblem('Pick a date and time.');
    if (until.getTime() <= Date.now()) return setProblem('Pick a moment in the future.');
    setProblem(null);
    onPick(until);
  };

  return (
    <div className={styles.choices}>
      {SNOOZE_PRESETS.map((preset) => (
        <button
          key={preset.id}
          type="button"
          className={styles.choice}
          disabled={pending}
          onClick={() => onPick(preset.until(new Date()))}
        >
          {preset.label}
        </button>
      ))}
      <div className={styles.separator} />
      <form className={styles.form} onSubmit={submit}>
        <label className={styles.field}>
          Until
          <input
            type="datetime-local"
            value={custom}
            min={toLocalInput(new Date())}
            onChange={(event) => setCustom(event.target.value)}
          />
        </label>
        {problem ? (
          <p role="alert" className={styles.error}>
            {problem}
          </p>
        ) : null}
        <button type="submit" className={styles.button} disabled={pending}>
          Snooze
        </button>
      </form>
    </div>
  );
}
