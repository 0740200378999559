-- The inbox itself: conversations and their messages. The indexes here are the
-- ones the conversation list, the thread view, dedupe and search run on.

create table funnel_stages (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  position integer not null default 0,
  is_final boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create index funnel_stages_order on funnel_stages (tenant_id, position);

create table conversations (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  client_id uuid not null,
  channel_account_id uuid not null,
  external_chat_id text not null,
  queue_id uuid,
  status text not null default 'new' check (status in ('new', 'open', 'pending', 'snoozed', 'resolved')),
  -- 0 low, 1 normal, 2 high, 3 urgent: a number so routing can order by it.
  priority smallint not null default 1 check (priority between 0 and 3),
  assigned_operator_id uuid,
  stage_id uuid,
  sla_policy_id uuid,
  first_response_due_at timestamptz,
  resolution_due_at timestamptz,
  first_response_at timestamptz,
  resolved_at timestamptz,
  first_response_breached boolean not null default false,
  resolution_breached boolean not null default false,
  last_message_at timestamptz not null default now(),
  last_client_message_at timestamptz,
  last_operator_message_at timestamptz,
  message_count integer not null default 0 check (message_count >= 0),
  snoozed_until timestamptz,
  attributes jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, channel_account_id, external_chat_id),
  foreign key (tenant_id, client_id) references clients (tenant_id, id),
  foreign key (tenant_id, channel_account_id) references channel_accounts (tenant_id, id),
  foreign key (tenant_id, queue_id) references queues (tenant_id, id) on delete set null (queue_id),
  foreign key (tenant_id, assigned_operator_id) references operators (tenant_id, id)
    on delete set null (assigned_operator_id),
  foreign key (tenant_id, stage_id) references funnel_stages (tenant_id, id) on delete set null (stage_id),
  foreign key (tenant_id, sla_policy_id) references sla_policies (tenant_id, id) on delete set null (sla_policy_id),
  check (status <> 'snoozed' or snoozed_until is not null)
);
-- The list views, each newest first with id as the keyset tiebreaker:
-- All (by status), Mine (by assignee), a queue's, and Unassigned.
create index conversations_list_status on conversations (tenant_id, status, last_message_at desc, id desc);
create index conversations_list_assignee on conversations
  (tenant_id, assigned_operator_id, status, last_message_at desc, id desc) where assigned_operator_id is not null;
create index conversations_list_queue on conversations (tenant_id, queue_id, status, last_message_at desc, id desc);
create index conversations_list_unassigned on conversations (tenant_id, queue_id, last_message_at desc, id desc)
  where assigned_operator_id is null and status <> 'resolved';
create index conversations_by_client on conversations (tenant_id, client_id, last_message_at desc);
-- Routing: the waiting line, priority first then oldest first.
create index conversations_waiting on conversations (tenant_id, queue_id, priority desc, created_at)
  where assigned_operator_id is null and status in ('new', 'open', 'pending');
-- The SLA engine polls due times across tenants every second.
create index conversations_first_response_due on conversations (first_response_due_at)
  where first_response_at is null and not first_response_breached and first_response_due_at is not null;
create index conversations_resolution_due on conversations (resolution_due_at)
  where resolved_at is null and not resolution_breached and resolution_due_at is not null;
create index conversations_snoozed on conversations (snoozed_until) where status = 'snoozed';

create table messages (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  conversation_id uuid not null,
  channel_account_id uuid not null,
  direction text not null check (direction in ('inbound', 'outbound')),
  actor_type text not null check (actor_type in ('client', 'operator', 'bot', 'system')),
  actor_id uuid,
  type text not null default 'text'
    check (type in ('text', 'image', 'video', 'audio', 'document', 'location', 'sticker', 'contact')),
  content text,
  -- The provider's id. Telegram numbers messages per chat, so its parser
  -- stores "<chat_id>:<message_id>" to keep this unique per account.
  external_message_id text,
  -- The sender's idempotency key for outbound messages.
  client_message_id text,
  status text not null default 'sent' check (status in ('pending', 'sent', 'delivered', 'read', 'failed')),
  error text,
  reply_to_id uuid,
  metadata jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, conversation_id) references conversations (tenant_id, id) on delete cascade,
  foreign key (tenant_id, channel_account_id) references channel_accounts (tenant_id, id),
  foreign key (tenant_id, reply_to_id) references messages (tenant_id, id) on delete set null (reply_to_id)
);
create index messages_thread on messages (tenant_id, conversation_id, created_at desc, id desc);
-- Inbound dedupe: a provider retrying a webhook must not make a second message.
create unique index messages_inbound_dedupe on messages (tenant_id, channel_account_id, external_message_id)
  where direction = 'inbound' and external_message_id is not null;
-- Delivery statuses arrive by the provider's id of our outbound message.
create index messages_outbound_external on messages (tenant_id, channel_account_id, external_message_id)
  where direction = 'outbound' and external_message_id is not null;
create unique index messages_outbound_idempotency on messages (tenant_id, client_message_id)
  where client_message_id is not null;
create index messages_search on messages using gin (to_tsvector('simple', coalesce(content, '')));

create table message_attachments (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  message_id uuid not null,
  type text not null check (type in ('image', 'video', 'audio', 'document', 'sticker', 'location', 'contact', 'file')),
  url text,
  -- The provider's own handle (Telegram file_id, WhatsApp media id).
  platform_url text,
  mime_type text,
  filename text,
  size bigint check (size >= 0),
  width integer,
  height integer,
  duration integer,
  thumbnail_url text,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, message_id) references messages (tenant_id, id) on delete cascade
);
create index message_attachments_by_message on message_attachments (tenant_id, message_id);

create table message_status_updates (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  message_id uuid not null,
  status text not null check (status in ('pending', 'sent', 'delivered', 'read', 'failed')),
  at timestamptz not null default now(),
  metadata jsonb not null default '{}',
  primary key (tenant_id, id),
  foreign key (tenant_id, message_id) references messages (tenant_id, id) on delete cascade
);
create index message_status_updates_by_message on message_status_updates (tenant_id, message_id, at);

create trigger funnel_stages_touch before update on funnel_stages for each row execute function relay_touch_updated_at();
create trigger conversations_touch before update on conversations for each row execute function relay_touch_updated_at();
create trigger messages_touch before update on messages for each row execute function relay_touch_updated_at();

select relay_apply_tenant_policy(t)
  from unnest(array['funnel_stages', 'conversations', 'messages', 'message_attachments',
                    'message_status_updates']::regclass[]) as t;
