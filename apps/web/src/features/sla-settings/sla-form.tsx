'use client';
import type { SlaPolicy } from '@relay/contracts';
// The form for one SLA policy, new or existing: targets typed in the unit an
// admin thinks in (sent as seconds), the warning threshold, business hours,
// the default flag and which conversations the policy covers.
import { type ChannelKind, channelKind } from '@relay/contracts';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { queueQueries } from '../../data/queues.ts';
import type { SlaPolicyInput } from '../../data/sla-policies.ts';
import { CrudForm, type FormProps } from '../admin/ui/admin-crud.tsx';
import { Field, FormError, ui } from '../admin/ui/admin-ui.tsx';
import { issueUnder } from '../admin/ui/form-issues.ts';
import { channelLabel } from '../conversations/conversation-row.tsx';
import styles from './sla-admin.module.css';
import { type DurationUnit, joinDuration, splitDuration, UNIT_LABELS, UNIT_SECONDS } from './sla-duration.ts';
import { businessHoursOf, HoursFields, hoursDraftOf } from './sla-hours-fields.tsx';

const SHOWN = [
  'name',
  'firstResponseSeconds',
  'firstResponseMinutes',
  'resolutionSeconds',
  'resolutionMinutes',
  'warnAtPercent',
  'businessHours',
  'conditions',
  'isDefault',
] as const;

export const PRIORITY_LABELS = ['Any priority', 'Priority 1 or higher', 'Priority 2 or higher', 'Priority 3 only'];

export function SlaForm({ initial, form }: { initial?: SlaPolicy; form: FormProps<SlaPolicyInput> }) {
  const { error } = form;
  const [name, setName] = useState(initial?.name ?? '');
  const [first, setFirst] = useState(splitDuration(initial ? initial.firstResponseSeconds : 300));
  const [resolution, setResolution] = useState(splitDuration(initial ? initial.resolutionSeconds : 86_400));
  const [warnAt, setWarnAt] = useState(String(initial?.warnAtPercent ?? 80));
  const [isDefault, setIsDefault] = useState(initial?.isDefault ?? false);
  const [hours, setHours] = useState(hoursDraftOf(initial?.businessHours ?? null));
  const [channels, setChannels] = useState<ChannelKind[]>(initial?.conditions.channels ?? []);
  const [queueIds, setQueueIds] = useState<string[]>(initial?.conditions.queueIds ?? []);
  const [priority, setPriority] = useState(initial?.conditions.priorityAtLeast ?? 0);
  const queues = useQuery(queueQueries.all());

  function submit(event: FormEvent) {
    event.preventDefault();
    form.onSubmit({
      name: name.trim(),
      firstResponseSeconds: joinDuration(first.value, first.unit),
      resolutionSeconds: joinDuration(resolution.value, resolution.unit),
      warnAtPercent: Number(warnAt),
      businessHours: businessHoursOf(hours),
      conditions: {
        ...(channels.length > 0 ? { channels } : {}),
        ...(queueIds.length > 0 ? { queueIds } : {}),
        ...(priority > 0 ? { priorityAtLeast: priority } : {}),
      },
      isDefault,
    });
  }

  const toggle = <T,>(list: T[], value: T, on: boolean) =>
    on ? [...list, value] : list.filter((item) => item !== value);

  return (
    <CrudForm
      form={form}
      label={initial ? `Edit SLA policy ${initial.name}` : 'New SLA policy'}
      submitLabel={initial ? 'Save' : 'Create policy'}
      shown={SHOWN}
      onSubmit={submit}
    >
      <Field label="Name" error={issueUnder(error, 'name')}>
        <input value={name} onChange={(event) => setName(event.target.value)} maxLength={200} required />
      </Field>
      <DurationField
        label="First response within"
        value={first}
        onChange={setFirst}
        error={issueUnder(error, 'firstResponseSeconds') ?? issueUnder(error, 'firstResponseMinutes')}
      />
      <DurationField
        label="Resolve within"
        value={resolution}
        onChange={setResolution}
        error={issueUnder(error, 'resolutionSeconds') ?? issueUnder(error, 'resolutionMinutes')}
      />
      <Field
        label="Warn at (% of the target)"
        error={issueUnder(error, 'warnAtPercent')}
        hint="At-risk from this share on"
      >
        <input
          type="number"
          min={1}
          max={99}
          step={1}
          value={warnAt}
          onChange={(event) => setWarnAt(event.target.value)}
          required
        />
      </Field>
      <label className={`${ui.check} ${ui.formWide}`}>
        <input type="checkbox" checked={isDefault} onChange={(event) => setIsDefault(event.target.checked)} />
        Default policy (for conversations no other policy covers; replaces the current default)
      </label>
      {issueUnder(error, 'isDefault') && (
        <p className={`${ui.error} ${ui.formWide}`} role="alert">
          {issueUnder(error, 'isDefault')}
        </p>
      )}

      <fieldset className={`${styles.fieldset} ${ui.formWide}`}>
        <legend className={ui.label}>Applies to</legend>
        <p className={ui.muted}>Leave a group empty to match every value.</p>
        <fieldset className={ui.choices}>
          <legend className={ui.label}>Channels</legend>
          {channelKind.options.map((kind) => (
            <label key={kind} className={ui.check}>
              <input
                type="checkbox"
                checked={channels.includes(kind)}
                onChange={(event) => setChannels(toggle(channels, kind, event.target.checked))}
              />
              {channelLabel(kind)}
            </label>
          ))}
        </fieldset>
        <fieldset className={ui.choices}>
          <legend className={ui.label}>Queues</legend>
          {queues.isError && <FormError error={queues.error} />}
          {(queues.data ?? []).map((queue) => (
            <label key={queue.id} className={ui.check}>
              <input
                type="checkbox"
                checked={queueIds.includes(queue.id)}
                onChange={(event) => setQueueIds(toggle(queueIds, queue.id, event.target.checked))}
              />
              {queue.name}
            </label>
          ))}
          {queues.data?.length === 0 && <span className={ui.muted}>No queues yet.</span>}
        </fieldset>
        <div className={styles.priority}>
          <Field label="Priority" error={issueUnder(error, 'conditions.priorityAtLeast')}>
            <select value={priority} onChange={(event) => setPriority(Number(event.target.value))}>
              {PRIORITY_LABELS.map((label, value) => (
                <option key={label} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </Field>
        </div>
        {issueUnder(error, 'conditions') && !issueUnder(error, 'conditions.priorityAtLeast') && (
          <p className={ui.error} role="alert">
            {issueUnder(error, 'conditions')}
          </p>
        )}
      </fieldset>

      <div className={ui.formWide}>
        <HoursFields draft={hours} onChange={setHours} error={error} />
      </div>
    </CrudForm>
  );
}

function DurationField({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: { value: string; unit: DurationUnit };
  onChange: (next: { value: string; unit: DurationUnit }) => void;
  error: string | undefined;
}) {
  return (
    <Field label={label} error={error} hint="Empty: no target">
      <span className={styles.duration}>
        <input
          type="number"
          min={0}
          step="any"
          inputMode="decimal"
          value={value.value}
          onChange={(event) => onChange({ ...value, value: event.target.value })}
        />
        <select
          aria-label={`${label} unit`}
          value={value.unit}
          onChange={(event) => onChange({ ...value, unit: event.target.value as DurationUnit })}
        >
          {(Object.keys(UNIT_SECONDS) as DurationUnit[]).map((unit) => (
            <option key={unit} value={unit}>
              {UNIT_LABELS[unit]}
            </option>
          ))}
        </select>
      </span>
    </Field>
  );
}
