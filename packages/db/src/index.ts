// @relay/db: the one way into PostgreSQL. Connection factory, tenant-bound
// transactions, migrations, and one small function per query.

export { uniqueViolationOf } from './constraint-errors.ts';
export { createDb, type DbOptions, type Queryable, type Sql, type Tx } from './create-db.ts';
export {
  DEPENDENCY_RETRY_AFTER_SECONDS,
  type Dependency,
  isDependencyUnavailable,
  unavailableDependency,
} from './dependency-errors.ts';

export { MIGRATIONS_DIR, type Migration, MigrationError, migrate, readMigrations } from './migrate.ts';
export { pingDatabase } from './ping-database.ts';
export { type Pipeline, pipelinedTransaction, TransactionRolledBackError } from './pipelined-transaction.ts';
export * from './queries/api-keys.ts';
export * from './queries/assignments.ts';
export * from './queries/audit-log.ts';
export * from './queries/auto-replies.ts';
export * from './queries/canned-responses.ts';
export * from './queries/channel-accounts.ts';
export * from './queries/clients.ts';
export * from './queries/conversation-reads.ts';
export * from './queries/conversation-tags.ts';
export * from './queries/conversation-transfer.ts';
export * from './queries/conversation-views.ts';
export * from './queries/conversations.ts';
export * from './queries/deliveries.ts';
export * from './queries/devices.ts';
export * from './queries/events.ts';
export * from './queries/funnel-stages.ts';
export * from './queries/inbound-batch.ts';
export * from './queries/jobs.ts';
export * from './queries/message-attachments.ts';
export * from './queries/messages.ts';
export * from './queries/notes.ts';
export * from './queries/operators.ts';
export * from './queries/plan-limits.ts';
export * from './queries/push-cursors.ts';
export * from './queries/push-targets.ts';
export * from './queries/queue-members.ts';
export * from './queries/queue-stats.ts';
export * from './queries/queues.ts';
export * from './queries/routing.ts';
export * from './queries/search.ts';
export * from './queries/sessions.ts';
export * from './queries/sla.ts';
export * from './queries/sla-due.ts';
export * from './queries/sla-policies.ts';
export * from './queries/tags.ts';
export * from './queries/tenants.ts';
export * from './queries/visibility.ts';
export {
  DEMO_LOGINS,
  DEMO_PASSWORD,
  DEMO_TENANT_SLUG,
  seedDemoTenant,
  seedDemoTenantIfEmpty,
} from './seed/demo-tenant.ts';
export {
  APP_ROLE,
  enterTenant,
  InvalidTenantIdError,
  type TenantSteps,
  tenantSteps,
  withTenant,
} from './with-tenant.ts';
