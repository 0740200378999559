'use client';
import type { AutoReply } from '@relay/contracts';
// The form for one auto-reply rule, new or existing: its kind, keywords
// (keyword rules only; typed comma-separated), the reply, channel scope and
// priority. The API's complaints show beside the field they are about.
import { type AutoReplyTrigger, autoReplyTrigger, type ChannelKind, channelKind } from '@relay/contracts';
import { type FormEvent, useState } from 'react';
import { type AutoReplyInput, TRIGGERS } from '../../data/auto-replies.ts';
import { CrudForm, type FormProps } from '../admin/ui/admin-crud.tsx';
import { Field, ui } from '../admin/ui/admin-ui.tsx';
import { issueUnder } from '../admin/ui/form-issues.ts';
import { channelLabel } from '../conversations/conversation-row.tsx';

const SHOWN = ['name', 'trigger', 'keywords', 'content', 'channels', 'priority', 'isActive'] as const;

/** "refund, Return  ,price" → ["refund", "Return", "price"]; the API lower-cases and dedupes. */
function keywordsOf(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((word) => word.trim())
    .filter(Boolean);
}

export function AutoReplyForm({ initial, form }: { initial?: AutoReply; form: FormProps<AutoReplyInput> }) {
  const { error } = form;
  const [name, setName] = useState(initial?.name ?? '');
  const [trigger, setTrigger] = useState<AutoReplyTrigger>(initial?.trigger ?? 'greeting');
  const [keywords, setKeywords] = useState(initial?.keywords.join(', ') ?? '');
  const [content, setContent] = useState(initial?.content ?? '');
  const [channels, setChannels] = useState<ChannelKind[]>(initial?.channels ?? []);
  const [priority, setPriority] = useState(String(initial?.priority ?? 0));
  const [isActive, setIsActive] = useState(initial?.isActive ?? true);

  function submit(event: FormEvent) {
    event.preventDefault();
    form.onSubmit({
      name: name.trim(),
      trigger,
      // Other kinds ignore keywords; clearing them keeps a switched rule tidy.
      keywords: trigger === 'keyword' ? keywordsOf(keywords) : [],
      content,
      channels,
      priority: Number(priority),
      isActive,
    });
  }

  return (
    <CrudForm
      form={form}
      label={initial ? `Edit auto reply ${initial.name}` : 'New auto reply'}
      submitLabel={initial ? 'Save' : 'Create rule'}
      shown={SHOWN}
      onSubmit={submit}
    >
      <Field label="Name" error={issueUnder(error, 'name')}>
        <input value={name} onChange={(event) => setName(event.target.value)} maxLength={200} required />
      </Field>
      <Field label="Trigger" error={issueUnder(error, 'trigger')} hint={TRIGGERS[trigger].when}>
        <select value={trigger} onChange={(event) => setTrigger(event.target.value as AutoReplyTrigger)}>
          {autoReplyTrigger.options.map((kind) => (
            <option key={kind} value={kind}>
              {TRIGGERS[kind].label}
            </option>
          ))}
        </select>
      </Field>
      {trigger === 'keyword' && (
        <Field label="Keywords" error={issueUnder(error, 'keywords')} hint="Single words, separated by commas">
          <input
            value={keywords}
            onChange={(event) => setKeywords(event.target.value)}
            placeholder="price, delivery, refund"
            required
          />
        </Field>
      )}
      <Field label="Priority" error={issueUnder(error, 'priority')} hint="Higher wins when several rules apply">
        <input
          type="number"
          min={-1000}
          max={1000}
          step={1}
          value={priority}
          onChange={(event) => setPriority(event.target.value)}
          required
        />
      </Field>
      <Field wide label="Reply" error={issueUnder(error, 'content')}>
        <textarea value={content} onChange={(event) => setContent(event.target.value)} maxLength={4096} required />
      </Field>
      <fieldset className={`${ui.choices} ${ui.formWide}`}>
        <legend className={ui.label}>Channels (none checked: every channel)</legend>
        {channelKind.options.map((kind) => (
          <label key={kind} className={ui.check}>
            <input
              type="checkbox"
              checked={channels.includes(kind)}
              onChange={(event) =>
                setChannels(event.target.checked ? [...channels, kind] : channels.filter((item) => item !== kind))
              }
            />
            {channelLabel(kind)}
          </label>
        ))}
        {issueUnder(error, 'channels') && (
          <span className={ui.fieldError} role="alert">
            {issueUnder(error, 'channels')}
          </span>
        )}
      </fieldset>
      <label className={`${ui.check} ${ui.formWide}`}>
        <input type="checkbox" checked={isActive} onChange={(event) => setIsActive(event.target.checked)} />
        Active
      </label>
    </CrudForm>
  );
}
