// What the composer's text asks for: "/query" as the whole reply opens the
// canned responses, "@query" just before the caret (in a note) the mention
// picker. Pure functions of the text, so the pickers need no state of their own.

/** The text after "/" when the reply is a slash command in the making, else null. */
export function cannedQueryOf(draft: string): string | null {
  const match = /^\/(\S*)$/.exec(draft);
  return match ? (match[1] ?? '') : null;
}

export type MentionQuery = { query: string; start: number; end: number };

/** The "@query" ending at the caret (at the start or after a space), else null. */
export function mentionQueryOf(draft: string, caret: number): MentionQuery | null {
  const before = draft.slice(0, caret);
  const match = /(?:^|\s)@([^\s@]*)$/.exec(before);
  if (!match) return null;
  const query = match[1] ?? '';
  return { query, start: caret - query.length - 1, end: caret };
}

/** The text with the "@query" replaced by "@Name ", and where the caret goes. */
export function insertMention(draft: string, at: MentionQuery, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  return { text: draft.slice(0, at.start) + inserted + draft.slice(at.end), caret: at.start + inserted.length };
}

/** The picked operators whose "@Name" is still in the text: deleting it takes the mention back. */
export function mentionsIn(content: string, picked: Map<string, string>): string[] {
  return [...picked].filter(([, name]) => content.includes(`@${name}`)).map(([id]) => id);
}
