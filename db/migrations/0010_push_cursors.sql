-- Push fallback reads the event log instead of one job per event: each tenant
-- has a cursor, the last seq the worker has planned pushes for. Seqs commit in
-- order per tenant (appendEvents holds the tenant's counter to commit), so
-- every event at or below a seq the worker has seen is final, and moving the
-- cursor in the same transaction as what a round records (dead tokens, retry
-- jobs) neither skips an event nor plans one twice.
--
-- A worker leases a tenant's cursor (locked_by, locked_until) for one round
-- rather than holding a transaction across the FCM call: the embedded database
-- has one backend, and a round that dies keeps the lease until it runs out.

create table push_cursors (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  last_seq bigint not null check (last_seq >= 0),
  locked_by text,
  locked_until timestamptz,
  updated_at timestamptz not null default now()
);

select relay_apply_tenant_policy('push_cursors');
grant select, insert, update, delete on push_cursors to relay_app;

-- Which tenants have anyone to push to: the worker's one query across tenants
-- asks this of every cursor, so a tenant with no device costs an index probe.
create index operator_devices_pushable on operator_devices (tenant_id)
  where is_active and fcm_token is not null;

-- A tenant's first device to take pushes (or its first again, after none had a
-- token for a while) starts its cursor at the present: the events committed
-- before it are history nobody is waiting to hear about. Later devices leave
-- the cursor where it is. A trigger, so every way a device gets a token
-- (login, PUT /devices, a seed) keeps this rule.
create or replace function relay_start_push_cursor() returns trigger
  language plpgsql
  as $$
begin
  if new.fcm_token is null or not new.is_active then
    return new;
  end if;
  if tg_op = 'UPDATE' and old.fcm_token is not null and old.is_active then
    return new;
  end if;
  if exists (select 1 from operator_devices d
              where d.tenant_id = new.tenant_id and d.id <> new.id and d.is_active and d.fcm_token is not null) then
    return new;
  end if;
  insert into push_cursors (tenant_id, last_seq)
  select id, event_seq from tenants where id = new.tenant_id
  on conflict (tenant_id) do update set last_seq = greatest(push_cursors.last_seq, excluded.last_seq),
                                        updated_at = now();
  return new;
end
$$;

create trigger operator_devices_push_cursor after insert or update of fcm_token, is_active on operator_devices
  for each row execute function relay_start_push_cursor();

-- Tenants already here start at the present too. Push jobs still queued keep
-- running through the job path (it now serves retries), so none is lost.
insert into push_cursors (tenant_id, last_seq) select id, event_seq from tenants;
