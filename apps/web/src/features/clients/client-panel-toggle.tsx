'use client';
// The thread header's button that shows or hides the client panel.
import styles from './client-panel.module.css';
import { setClientPanelOpen, useClientPanelOpen } from './client-panel-state.ts';

export const CLIENT_PANEL_ID = 'client-panel';

export function ClientPanelToggle() {
  const open = useClientPanelOpen();
  return (
    <button
      type="button"
      className={styles.toggle}
      aria-pressed={open}
      aria-controls={open ? CLIENT_PANEL_ID : undefined}
      onClick={() => setClientPanelOpen(!open)}
    >
      Client info
    </button>
  );
}
