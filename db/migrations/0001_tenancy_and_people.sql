-- Tenancy, people and credentials, plus the machinery every later table uses:
-- the application role, the current-tenant function and the policy helper.
--
-- Keys lead with tenant_id everywhere (PRIMARY KEY (tenant_id, id)) so the
-- tables can be distributed by tenant later, and composite foreign keys make a
-- cross-tenant reference impossible at the schema level, not just by policy.

-- The role tenant transactions run as (SET LOCAL ROLE in withTenant). It never
-- logs in and does not bypass row-level security. Roles are cluster-wide, so
-- another database on the same server may have created it already.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'relay_app') then
    create role relay_app nologin noinherit;
  end if;
  if current_user <> 'relay_app' and not pg_has_role(current_user, 'relay_app', 'MEMBER') then
    execute format('grant relay_app to %I', current_user);
  end if;
end
$$;

grant usage on schema public to relay_app;
alter default privileges in schema public grant select, insert, update, delete on tables to relay_app;
alter default privileges in schema public grant usage, select on sequences to relay_app;

-- NULL (never a cast error) when no tenant is set, so a forgotten set_config
-- shows nothing instead of failing loudly or, worse, showing everything.
create or replace function app_current_tenant() returns uuid
  language sql stable
  as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;

create or replace function relay_apply_tenant_policy(tbl regclass) returns void
  language plpgsql
  as $$
begin
  execute format('alter table %s enable row level security', tbl);
  execute format('drop policy if exists tenant_isolation on %s', tbl);
  execute format(
    'create policy tenant_isolation on %s using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant())',
    tbl);
end
$$;

create or replace function relay_touch_updated_at() returns trigger
  language plpgsql
  as $$
begin
  new.updated_at := now();
  return new;
end
$$;

create table tenants (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  plan text not null default 'free',
  settings jsonb not null default '{}',
  max_operators integer not null default 50 check (max_operators > 0),
  max_dialogs_per_month integer not null default 100000 check (max_dialogs_per_month > 0),
  max_concurrent_users integer not null default 500 check (max_concurrent_users > 0),
  max_events_per_second integer not null default 50 check (max_events_per_second > 0),
  max_joins_per_second integer not null default 20 check (max_joins_per_second > 0),
  max_channels_per_client integer not null default 100 check (max_channels_per_client > 0),
  is_active boolean not null default true,
  suspended boolean not null default false,
  -- The per-tenant counter behind the gapless event log (see events).
  event_seq bigint not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create trigger tenants_touch before update of name, slug, plan, settings, max_operators, max_dialogs_per_month,
  max_concurrent_users, max_events_per_second, max_joins_per_second, max_channels_per_client, is_active, suspended
  on tenants for each row execute function relay_touch_updated_at();
alter table tenants enable row level security;
create policy tenant_isolation on tenants
  using (id = app_current_tenant()) with check (id = app_current_tenant());

create table operators (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  email text not null check (email = lower(email) and position('@' in email) > 1),
  name text not null check (length(name) between 1 and 200),
  password_hash text,
  role text not null default 'operator' check (role in ('owner', 'admin', 'supervisor', 'operator')),
  availability text not null default 'offline' check (availability in ('online', 'away', 'offline')),
  capacity integer not null default 10 check (capacity >= 0),
  settings jsonb not null default '{}',
  is_active boolean not null default true,
  last_seen_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, email)
);
create index operators_by_role on operators (tenant_id, role) where is_active;

create table operator_devices (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  operator_id uuid not null,
  device_id text not null check (length(device_id) between 1 and 200),
  device_type text not null default 'web' check (device_type in ('mobile', 'desktop', 'web')),
  platform text not null default 'web' check (platform in ('android', 'ios', 'web')),
  name text,
  fcm_token text,
  is_active boolean not null default true,
  last_active_at timestamptz,
  push_failures integer not null default 0 check (push_failures >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, operator_id, device_id),
  foreign key (tenant_id, operator_id) references operators (tenant_id, id) on delete cascade
);
-- A token belongs to one app install; re-registration elsewhere moves it.
create unique index operator_devices_fcm_token on operator_devices (tenant_id, fcm_token) where fcm_token is not null;

create table sessions (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  operator_id uuid not null,
  device_id text,
  -- sha256 of the refresh token; the token itself is never stored.
  token_hash text not null unique,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  replaced_by_id uuid,
  user_agent text,
  ip text,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, operator_id) references operators (tenant_id, id) on delete cascade
);
create index sessions_by_operator on sessions (tenant_id, operator_id) where revoked_at is null;

create table api_keys (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null,
  prefix text not null,
  key_hash text not null unique,
  scopes text[] not null default '{}',
  created_by uuid,
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, created_by) references operators (tenant_id, id) on delete set null (created_by)
);

create trigger operators_touch before update on operators for each row execute function relay_touch_updated_at();
create trigger operator_devices_touch before update on operator_devices for each row execute function relay_touch_updated_at();

select relay_apply_tenant_policy(t)
  from unnest(array['operators', 'operator_devices', 'sessions', 'api_keys']::regclass[]) as t;
