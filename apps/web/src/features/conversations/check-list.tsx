// A list of checkboxes for a popover (statuses to show, a conversation's
// tags): real labels and inputs, so Tab and Space work as everywhere else.
import type { ReactNode } from 'react';
import styles from './check-list.module.css';

export type CheckOption = { value: string; label: ReactNode; color?: string | null };

export function CheckList({
  options,
  checked,
  onToggle,
  disabled,
  lastStays = false,
}: {
  options: CheckOption[];
  checked: readonly string[];
  onToggle: (value: string, on: boolean) => void;
  disabled?: boolean;
  /** The last checked box cannot be cleared (a filter needs at least one status). */
  lastStays?: boolean;
}) {
  return (
    <ul className={styles.list}>
      {options.map((option) => {
        const on = checked.includes(option.value);
        return (
          <li key={option.value}>
            <label className={styles.item}>
              <input
                type="checkbox"
                checked={on}
                disabled={disabled || (lastStays && on && checked.length === 1)}
                onChange={(event) => onToggle(option.value, event.target.checked)}
              />
              {option.color ? (
                <span className={styles.dot} style={{ background: option.color }} aria-hidden="true" />
              ) : null}
              <span className={styles.text}>{option.label}</span>
            </label>
          </li>
        );
      })}
    </ul>
  );
}
