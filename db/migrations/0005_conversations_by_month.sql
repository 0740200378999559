-- Counting a tenant's new conversations this month (the max_dialogs_per_month
-- limit) on every first contact must not scan the tenant's whole history.
create index conversations_created on conversations (tenant_id, created_at);
