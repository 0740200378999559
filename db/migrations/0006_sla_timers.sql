-- The SLA engine's timers. Each conversation carries the four moments of its
-- current cycle (warning and due, for first response and for resolution) and
-- whether each has fired; the worker polls partial indexes that hold only the
-- moments still to fire, so a fired or stopped clock drops out of them.
--
-- Resolving a conversation stops its first-response clock: nobody is waiting
-- for an answer any more. A reply or a resolution that comes after the due
-- moment does not cancel the breach, though: the breach index keeps such a row
-- until the worker has recorded it (it may lag the due moment by under a second).

alter table conversations
  add column first_response_warn_at timestamptz,
  add column resolution_warn_at timestamptz,
  add column first_response_warned boolean not null default false,
  add column resolution_warned boolean not null default false;

drop index conversations_first_response_due;
drop index conversations_resolution_due;

-- Warnings are for live clocks only: once answered (or resolved) there is nothing to warn about.
create index conversations_first_response_warn on conversations (first_response_warn_at)
  where first_response_warn_at is not null and not first_response_warned and not first_response_breached
    and first_response_at is null and resolved_at is null;
create index conversations_first_response_due on conversations (first_response_due_at)
  where first_response_due_at is not null and not first_response_breached
    and coalesce(first_response_at, resolved_at, 'infinity') > first_response_due_at;
create index conversations_resolution_warn on conversations (resolution_warn_at)
  where resolution_warn_at is not null and not resolution_warned and not resolution_breached
    and resolved_at is null;
create index conversations_resolution_due on conversations (resolution_due_at)
  where resolution_due_at is not null and not resolution_breached
    and coalesce(resolved_at, 'infinity') > resolution_due_at;
