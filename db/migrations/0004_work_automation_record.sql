-- What operators do around a conversation (notes, tags, assignments, reads),
-- what runs by itself (canned responses, auto replies, SLA events), and the
-- record: the realtime event log, the audit log and the job queue.

create table notes (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  conversation_id uuid not null,
  operator_id uuid,
  content text not null check (length(content) between 1 and 20000),
  is_pinned boolean not null default false,
  mentions uuid[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, conversation_id) references conversations (tenant_id, id) on delete cascade,
  foreign key (tenant_id, operator_id) references operators (tenant_id, id) on delete set null (operator_id)
);
create index notes_by_conversation on notes (tenant_id, conversation_id, created_at);

create table tags (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 100),
  color text not null default '#64748b' check (color ~ '^#[0-9a-fA-F]{6}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create unique index tags_name on tags (tenant_id, lower(name));

create table conversation_tags (
  tenant_id uuid not null references tenants (id) on delete cascade,
  conversation_id uuid not null,
  tag_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, conversation_id, tag_id),
  foreign key (tenant_id, conversation_id) references conversations (tenant_id, id) on delete cascade,
  foreign key (tenant_id, tag_id) references tags (tenant_id, id) on delete cascade
);
create index conversation_tags_by_tag on conversation_tags (tenant_id, tag_id);

create table assignments (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  conversation_id uuid not null,
  -- null: unassigned (returned to the queue).
  operator_id uuid,
  from_operator_id uuid,
  -- null: the system (routing, offline reassignment).
  assigned_by uuid,
  kind text not null
    check (kind in ('manual', 'round_robin', 'least_loaded', 'transfer', 'unassign', 'offline_reassign')),
  reason text,
  at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, conversation_id) references conversations (tenant_id, id) on delete cascade,
  foreign key (tenant_id, operator_id) references operators (tenant_id, id) on delete set null (operator_id),
  foreign key (tenant_id, from_operator_id) references operators (tenant_id, id) on delete set null (from_operator_id),
  foreign key (tenant_id, assigned_by) references operators (tenant_id, id) on delete set null (assigned_by)
);
create index assignments_by_conversation on assignments (tenant_id, conversation_id, at);

create table conversation_reads (
  tenant_id uuid not null references tenants (id) on delete cascade,
  conversation_id uuid not null,
  operator_id uuid not null,
  last_read_message_id uuid,
  read_at timestamptz not null default now(),
  primary key (tenant_id, conversation_id, operator_id),
  foreign key (tenant_id, conversation_id) references conversations (tenant_id, id) on delete cascade,
  foreign key (tenant_id, operator_id) references operators (tenant_id, id) on delete cascade,
  foreign key (tenant_id, last_read_message_id) references messages (tenant_id, id)
    on delete set null (last_read_message_id)
);
create index conversation_reads_by_operator on conversation_reads (tenant_id, operator_id);

create table canned_responses (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  -- null: shared with the whole tenant; otherwise personal.
  operator_id uuid,
  title text not null check (length(title) between 1 and 200),
  shortcut text not null check (shortcut ~ '^[a-z0-9_-]{1,50}$'),
  content text not null check (length(content) between 1 and 10000),
  category text,
  usage_count integer not null default 0 check (usage_count >= 0),
  last_used_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, operator_id) references operators (tenant_id, id) on delete cascade
);
create unique index canned_responses_shortcut on canned_responses
  (tenant_id, coalesce(operator_id, '00000000-0000-0000-0000-000000000000'::uuid), shortcut);

create table auto_replies (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  trigger text not null check (trigger in ('keyword', 'greeting', 'away')),
  keywords text[] not null default '{}',
  content text not null check (length(content) between 1 and 4096),
  -- Empty: every channel.
  channels text[] not null default '{}',
  priority integer not null default 0,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  check (trigger <> 'keyword' or cardinality(keywords) > 0)
);
create index auto_replies_active on auto_replies (tenant_id, trigger, priority desc) where is_active;

create table sla_events (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  conversation_id uuid not null,
  kind text not null check (kind in ('first_response', 'resolution')),
  event text not null check (event in ('warning', 'breach', 'met')),
  due_at timestamptz not null,
  at timestamptz not null default now(),
  primary key (tenant_id, id),
  -- Once each, however many workers race for it.
  unique (tenant_id, conversation_id, kind, event, due_at),
  foreign key (tenant_id, conversation_id) references conversations (tenant_id, id) on delete cascade
);
create index sla_events_by_conversation on sla_events (tenant_id, conversation_id, at);

-- The realtime log. seq comes from tenants.event_seq, incremented in the same
-- transaction as the change it describes: the row lock on the tenant makes
-- seqs gapless and in commit order (see packages/db/src/queries/events.ts).
create table events (
  tenant_id uuid not null references tenants (id) on delete cascade,
  seq bigint not null check (seq > 0),
  type text not null check (type ~ '^[a-z]+(\.[a-z_]+)+$'),
  conversation_id uuid,
  -- Who may see it: {"queueId": ..., "operatorIds": [...], "supervisorsOnly": bool}.
  audience jsonb not null default '{}',
  payload jsonb not null default '{}',
  created_at timestamptz not null default now(),
  primary key (tenant_id, seq)
);

create table audit_log (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  -- null: the system or an API key (see details).
  operator_id uuid,
  action text not null,
  target_type text,
  target_id text,
  details jsonb not null default '{}',
  ip text,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, operator_id) references operators (tenant_id, id) on delete set null (operator_id)
);
create index audit_log_recent on audit_log (tenant_id, created_at desc, id desc);

create table jobs (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  kind text not null,
  payload jsonb not null default '{}',
  -- One live job per key (e.g. one delivery per message).
  dedupe_key text,
  status text not null default 'pending' check (status in ('pending', 'running', 'done', 'dead')),
  attempts integer not null default 0 check (attempts >= 0),
  max_attempts integer not null default 8 check (max_attempts > 0),
  next_attempt_at timestamptz not null default now(),
  locked_until timestamptz,
  locked_by text,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create unique index jobs_dedupe on jobs (tenant_id, kind, dedupe_key) where dedupe_key is not null;
-- Workers claim across tenants with FOR UPDATE SKIP LOCKED in due order.
create index jobs_due on jobs (next_attempt_at) where status = 'pending';
create index jobs_stuck on jobs (locked_until) where status = 'running';

create trigger notes_touch before update on notes for each row execute function relay_touch_updated_at();
create trigger tags_touch before update on tags for each row execute function relay_touch_updated_at();
create trigger canned_responses_touch before update on canned_responses for each row execute function relay_touch_updated_at();
create trigger auto_replies_touch before update on auto_replies for each row execute function relay_touch_updated_at();
create trigger jobs_touch before update on jobs for each row execute function relay_touch_updated_at();

select relay_apply_tenant_policy(t)
  from unnest(array['notes', 'tags', 'conversation_tags', 'assignments', 'conversation_reads',
                    'canned_responses', 'auto_replies', 'sla_events', 'events', 'audit_log',
                    'jobs']::regclass[]) as t;
