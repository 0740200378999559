'use client';
// The compact filter bar above the inbox list: search (applied 300 ms after
// the last key, Escape clears it), statuses, queue, channel and tag, and
// "Clear filters". What it shows comes from the URL (use-inbox-filters.ts).
import { type ChannelKind, type ConversationStatus, channelKind } from '@relay/contracts';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { queueQueries } from '../../data/queues.ts';
import { tagQueries } from '../../data/tags.ts';
import { CheckList } from './check-list.tsx';
import {
  ALL_STATUSES,
  type ConversationFilters,
  DEFAULT_STATUSES,
  isFiltered,
  SEARCH_MAX,
} from './conversation-filters.ts';
import { channelLabel } from './conversation-row.tsx';
import styles from './filter-bar.module.css';
import { Popover } from './popover.tsx';

const SEARCH_DELAY_MS = 300;

export function FilterBar({
  filters,
  onChange,
  onClear,
}: {
  filters: ConversationFilters;
  onChange: (change: Partial<ConversationFilters>) => void;
  onClear: () => void;
}) {
  const queues = useQuery(queueQueries.all());
  const tags = useQuery(tagQueries.all());
  const statuses = filters.statuses ?? DEFAULT_STATUSES;

  return (
    <search className={styles.bar} aria-label="Filter conversations">
      <SearchBox value={filters.q ?? ''} onChange={onChange} />
      <div className={styles.row}>
        <Popover
          title="Status filter"
          buttonClassName={`${styles.control} ${filters.statuses ? styles.active : ''}`}
          testId="status-filter"
          label={
            <>
              <span className={styles.value}>{statusSummary(statuses)}</span>
              <span aria-hidden="true">▾</span>
            </>
          }
        >
          {() => (
            <CheckList
              lastStays
              options={ALL_STATUSES.map((s) => ({ value: s, label: capitalized(s) }))}
              checked={statuses}
              onToggle={(value, on) =>
                onChange({
                  statuses: on ? [...statuses, value as ConversationStatus] : statuses.filter((s) => s !== value),
                })
              }
            />
          )}
        </Popover>
        <select
          className={styles.control}
          aria-label="Queue"
          title="Only this queue"
          data-active={Boolean(filters.queueId)}
          value={filters.queueId ?? ''}
          onChange={(event) => onChange({ queueId: event.target.value || undefined })}
        >
          <option value="">Queue</option>
          {queues.data?.map((queue) => (
            <option key={queue.id} value={queue.id}>
              {queue.name}
            </option>
          ))}
        </select>
        <select
          className={styles.control}
          aria-label="Channel"
          title="Only this channel"
          data-active={Boolean(filters.channel)}
          value={filters.channel ?? ''}
          onChange={(event) => onChange({ channel: (event.target.value || undefined) as ChannelKind | undefined })}
        >
          <option value="">Channel</option>
          {channelKind.options.map((channel) => (
            <option key={channel} value={channel}>
              {channelLabel(channel)}
            </option>
          ))}
        </select>
        <select
          className={styles.control}
          aria-label="Tag"
          title="Only with this tag"
          data-active={Boolean(filters.tagId)}
          value={filters.tagId ?? ''}
          onChange={(event) => onChange({ tagId: event.target.value || undefined })}
        >
          <option value="">Tag</option>
          {tags.data?.items.map((tag) => (
            <option key={tag.id} value={tag.id}>
              {tag.name}
            </option>
          ))}
        </select>
      </div>
      {queues.isError || tags.isError ? (
        <p role="alert" className={styles.error}>
          Could not load the {queues.isError ? 'queues' : 'tags'} to filter by.
        </p>
      ) : null}
      {isFiltered(filters) ? (
        <button type="button" className={styles.clear} onClick={onClear}>
          Clear filters
        </button>
      ) : null}
    </search>
  );
}

/** `onChange` must keep its identity across renders (it is the URL writer): a new one restarts the delay. */
function SearchBox({ value, onChange }: { value: string; onChange: (change: Partial<ConversationFilters>) => void }) {
  const [text, setText] = useState(value);
  // What this box last wrote to the URL: any other change of `value` (Clear filters, Back) is taken in.
  const sent = useRef(value);
  useEffect(() => {
    if (value !== sent.current) {
      sent.current = value;
      setText(value);
    }
  }, [value]);
  useEffect(() => {
    const wanted = text.trim();
    if (wanted === sent.current) return;
    const timer = setTimeout(() => {
      sent.current = wanted;
      onChange({ q: wanted || undefined });
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, onChange]);

  return (
    <input
      type="search"
      className={styles.search}
      aria-label="Search conversations"
      placeholder="Search by name, phone or email"
      maxLength={SEARCH_MAX}
      value={text}
      onChange={(event) => setText(event.target.value)}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        setText('');
        sent.current = '';
        onChange({ q: undefined });
      }}
    />
  );
}

function statusSummary(statuses: readonly ConversationStatus[]): string {
  if (statuses.length === DEFAULT_STATUSES.length && statuses.every((s) => DEFAULT_STATUSES.includes(s))) {
    return 'Status';
  }
  if (statuses.length === ALL_STATUSES.length) return 'Any status';
  return statuses.length <= 2 ? statuses.map(capitalized).join(', ') : `${statuses.length} statuses`;
}

function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
