'use client';
// The composer's pop-up list (canned responses, mentions): a listbox whose
// highlighted option the textarea points at with aria-activedescendant, so
// the keyboard stays in the text while arrows move and Enter or Tab picks.
// Clicking picks too, on mousedown (held back) so the textarea keeps focus.
import styles from './suggestion-list.module.css';

export type Suggestion = { id: string; label: string; detail?: string };

export const optionId = (listId: string, index: number) => `${listId}-option-${index}`;

export function SuggestionList({
  id,
  label,
  items,
  active,
  onPick,
}: {
  id: string;
  label: string;
  items: Suggestion[];
  active: number;
  onPick: (index: number) => void;
}) {
  return (
    <div id={id} role="listbox" aria-label={label} className={styles.list}>
      {items.map((item, index) => (
        <div
          key={item.id}
          id={optionId(id, index)}
          role="option"
          tabIndex={-1}
          aria-selected={index === active}
          className={styles.option}
          onMouseDown={(event) => {
            event.preventDefault();
            onPick(index);
          }}
        >
          <span className={styles.label}>{item.label}</span>
          {item.detail ? <span className={styles.detail}>{item.detail}</span> : null}
        </div>
      ))}
    </div>
  );
}
