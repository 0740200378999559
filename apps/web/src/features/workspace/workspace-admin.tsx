'use client';
// The workspace section (/admin/workspace): the workspace's name, address and
// plan, and each plan limit beside what is used of it. Everyone who sees the
// section reads it; only an owner changes the name or a limit (the API's
// rule), through WorkspaceForm.
import type { CurrentTenant } from '@relay/contracts';
import { useQuery } from '@tanstack/react-query';
import { tenantQueries } from '../../data/tenant.ts';
import { fullTime } from '../../lib/format-time.ts';
import { AdminPage, QueryState, ui } from '../admin/ui/admin-ui.tsx';
import { useSession } from '../auth/use-session.ts';
import styles from './workspace-admin.module.css';
import { WorkspaceForm } from './workspace-form.tsx';
import { LIMITS } from './workspace-limits.ts';

export function WorkspaceAdmin() {
  const session = useSession();
  const isOwner = session?.operator.role === 'owner';
  const workspace = useQuery(tenantQueries.current());
  return (
    <AdminPage
      title="Workspace & limits"
      description="Your workspace, the address people sign in with, and the plan limits Relay enforces."
    >
      <QueryState query={workspace} what="the workspace">
        {(data) => (
          <>
            <Summary workspace={data} />
            <LimitsTable workspace={data} />
            {isOwner ? (
              <WorkspaceForm workspace={data} />
            ) : (
              <p className={ui.muted} data-testid="workspace-read-only">
                Only the workspace owner can change the name and limits.
              </p>
            )}
          </>
        )}
      </QueryState>
    </AdminPage>
  );
}

function Summary({ workspace }: { workspace: CurrentTenant }) {
  return (
    <section className={ui.card} aria-labelledby="workspace-summary">
      <h2 id="workspace-summary" className={ui.cardTitle}>
        Workspace
      </h2>
      <dl className={styles.facts}>
        <div>
          <dt>Name</dt>
          <dd data-testid="workspace-name">{workspace.name}</dd>
        </div>
        <div>
          <dt>Address at sign-in</dt>
          <dd className={ui.mono}>{workspace.slug}</dd>
        </div>
        <div>
          <dt>Plan</dt>
          <dd>
            <span className={ui.badge}>{workspace.plan}</span>
          </dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{fullTime(workspace.createdAt)}</dd>
        </div>
      </dl>
    </section>
  );
}

function LimitsTable({ workspace }: { workspace: CurrentTenant }) {
  return (
    <div className={styles.scroll}>
      <table className={ui.table} aria-label="Plan limits">
        <thead>
          <tr>
            <th scope="col">Limit</th>
            <th scope="col">Used</th>
          </tr>
        </thead>
        <tbody>
          {LIMITS.map((limit) => {
            const max = workspace.limits[limit.name];
            const used = limit.usage ? workspace.usage[limit.usage] : undefined;
            return (
              <tr key={limit.name} data-testid={`limit-${limit.name}`}>
                <td className={styles.limitName}>
                  {limit.label}
                  <span className={styles.limitHint}>{limit.hint}</span>
                </td>
                <td className={styles.usageCell}>
                  {used === undefined ? (
                    <span className={styles.figure}>
                      {max.toLocaleString()} <span className={ui.muted}>max, enforced live</span>
                    </span>
                  ) : (
                    <UsageBar used={used} max={max} />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function UsageBar({ used, max }: { used: number; max: number }) {
  const share = max > 0 ? used / max : 1;
  const level = share >= 1 ? 'full' : share >= 0.8 ? 'high' : 'ok';
  return (
    <span className={styles.usage}>
      <span className={styles.figure} data-level={level}>
        {used.toLocaleString()} / {max.toLocaleString()}
      </span>
      <span className={styles.bar} aria-hidden="true">
        <span className={styles.fill} data-level={level} style={{ width: `${Math.min(share, 1) * 100}%` }} />
      </span>
    </span>
  );
}
