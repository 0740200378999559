-- Where conversations come from (channel accounts), where they wait (queues,
-- with their SLA policy), and who they are with (clients and their identities).

create table sla_policies (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  -- Seconds, not minutes: chat SLAs are often under a minute, and the timers
  -- are meant to fire to the second.
  first_response_seconds integer check (first_response_seconds > 0),
  resolution_seconds integer check (resolution_seconds > 0),
  warn_at_percent integer not null default 80 check (warn_at_percent between 1 and 99),
  -- null: the clock always runs. Otherwise {"timezone": "Europe/Moscow",
  -- "days": {"mon": [["09:00","18:00"]], ...}} and it runs only inside them.
  business_hours jsonb,
  -- Which conversations the policy applies to, e.g. {"channels": ["telegram"], "priorityAtLeast": 2}.
  conditions jsonb not null default '{}',
  is_default boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create unique index sla_policies_one_default on sla_policies (tenant_id) where is_default;

create table queues (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  routing_mode text not null default 'manual' check (routing_mode in ('manual', 'round_robin', 'least_loaded')),
  sla_policy_id uuid,
  is_default boolean not null default false,
  -- Round-robin cursor: the operator who got the last conversation.
  last_assigned_operator_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, name),
  foreign key (tenant_id, sla_policy_id) references sla_policies (tenant_id, id) on delete set null (sla_policy_id),
  foreign key (tenant_id, last_assigned_operator_id) references operators (tenant_id, id)
    on delete set null (last_assigned_operator_id)
);
create unique index queues_one_default on queues (tenant_id) where is_default;

create table queue_members (
  tenant_id uuid not null references tenants (id) on delete cascade,
  queue_id uuid not null,
  operator_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, queue_id, operator_id),
  foreign key (tenant_id, queue_id) references queues (tenant_id, id) on delete cascade,
  foreign key (tenant_id, operator_id) references operators (tenant_id, id) on delete cascade
);
create index queue_members_by_operator on queue_members (tenant_id, operator_id);

create table channel_accounts (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  channel text not null check (channel in (
    'telegram', 'whatsapp', 'vk', 'avito', 'max', 'instagram', 'facebook', 'web_form', 'phone', 'api')),
  name text not null check (length(name) between 1 and 200),
  external_account_id text not null,
  -- Random and unguessable: it is the only thing in the webhook URL, and it is
  -- resolved before the tenant is known.
  webhook_token text not null unique check (length(webhook_token) >= 24),
  -- What the provider signs with or sends back (Telegram secret token,
  -- WhatsApp app secret, api-channel HMAC key); encrypted like credentials.
  secret text,
  -- AES-256-GCM envelope of the provider credentials (bot token, access token...).
  credentials text,
  settings jsonb not null default '{}',
  queue_id uuid,
  is_active boolean not null default true,
  last_webhook_at timestamptz,
  error_count integer not null default 0 check (error_count >= 0),
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, channel, external_account_id),
  foreign key (tenant_id, queue_id) references queues (tenant_id, id) on delete set null (queue_id)
);

create table clients (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text,
  phone text,
  email text,
  attributes jsonb not null default '{}',
  merged_into_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, merged_into_id) references clients (tenant_id, id),
  check (merged_into_id is null or merged_into_id <> id)
);
-- A phone number is one person per tenant, until that person is merged away.
create unique index clients_phone on clients (tenant_id, phone) where phone is not null and merged_into_id is null;
create index clients_email on clients (tenant_id, lower(email)) where email is not null;
create index clients_search on clients using gin (
  to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '')));

create table client_identities (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  client_id uuid not null,
  channel text not null,
  external_id text not null,
  display_name text,
  username text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, channel, external_id),
  foreign key (tenant_id, client_id) references clients (tenant_id, id) on delete cascade
);
create index client_identities_by_client on client_identities (tenant_id, client_id);

create table client_merges (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  master_client_id uuid not null,
  merged_client_id uuid not null,
  merged_by uuid,
  reason text,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, merged_client_id),
  foreign key (tenant_id, master_client_id) references clients (tenant_id, id) on delete cascade,
  foreign key (tenant_id, merged_client_id) references clients (tenant_id, id) on delete cascade,
  foreign key (tenant_id, merged_by) references operators (tenant_id, id) on delete set null (merged_by),
  check (master_client_id <> merged_client_id)
);

create trigger sla_policies_touch before update on sla_policies for each row execute function relay_touch_updated_at();
create trigger queues_touch before update on queues for each row execute function relay_touch_updated_at();
create trigger channel_accounts_touch before update on channel_accounts for each row execute function relay_touch_updated_at();
create trigger clients_touch before update on clients for each row execute function relay_touch_updated_at();
create trigger client_identities_touch before update on client_identities for each row execute function relay_touch_updated_at();

select relay_apply_tenant_policy(t)
  from unnest(array['sla_policies', 'queues', 'queue_members', 'channel_accounts', 'clients',
                    'client_identities', 'client_merges']::regclass[]) as t;
