// Finds the fields an answer sends that its contract does not have. Zod objects strip unknown keys
// rather than refuse them, and the shared schemas stay that way (the web parses answers with them,
// and an API newer than the web must stay readable), so the response check compares what the
// handler sent with what the schema kept: a key in the first and not in the second is an extra
// field (a column leaking, a field the contract forgot).
//
// Keys are compared, not values (a default or a transform may change a value). Records, loose
// objects and unknown values keep every key, so they report nothing; in a union the branch the
// schema parsed with decides. Both sides are compared as JSON, as the wire sees them.

/** The path of every key of `sent` (at any depth, inside arrays too) that `parsed` does not have. */
export function extraFields(sent: unknown, parsed: unknown): string[][] {
  const found: string[][] = [];
  walk(asJson(sent), asJson(parsed), [], found);
  return found;
}

function asJson(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function walk(sent: unknown, kept: unknown, path: string[], found: string[][]): void {
  if (Array.isArray(sent) && Array.isArray(kept)) {
    sent.forEach((item, index) => {
      walk(item, kept[index], [...path, String(index)], found);
    });
    return;
  }
  // A value the schema turned into something else (a transform) has no keys to compare.
  if (!isObject(sent) || !isObject(kept)) return;
  for (const key of Object.keys(sent)) {
    if (Object.hasOwn(kept, key)) walk(sent[key], kept[key], [...path, key], found);
    else found.push([...path, key]);
  }
}
