-- The inbox lists open conversations (every status but resolved) newest first.
-- 0003's list indexes lead with status, so a list over four statuses could not
-- be read in order: every open conversation of the tenant was fetched and
-- sorted for each page. These partial indexes hold the open ones in list order
-- (All, Mine, Unassigned), so a page is the next `limit` entries of one index.
create index conversations_open_recent on conversations (tenant_id, last_message_at desc, id desc)
  where status <> 'resolved';
create index conversations_open_assignee on conversations
  (tenant_id, assigned_operator_id, last_message_at desc, id desc)
  where status <> 'resolved' and assigned_operator_id is not null;
create index conversations_open_unassigned on conversations (tenant_id, last_message_at desc, id desc)
  where status <> 'resolved' and assigned_operator_id is null;
