// Text PostgreSQL cannot store: NUL (U+0000), which text and jsonb refuse, and
// lone UTF-16 surrogates ("\ud800" in JSON), which jsonb refuses and text would
// silently turn into U+FFFD. Requests that carry either are refused with the
// field named; provider payloads are cleaned instead (NUL removed, a lone
// surrogate replaced by U+FFFD), because a customer's message must not be lost
// over it. Both walks are iterative and linear: a deep value cannot overflow
// the stack or cost more than its size, and a path is built only when found.

export type UnstorableTextProblem = 'nul' | 'lone_surrogate';
export type UnstorableText = { path: string[]; problem: UnstorableTextProblem };

// With the u flag a well-formed pair is one code point, so only a lone surrogate matches.
const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATES = /\p{Cs}/gu;

function problemOf(text: string): UnstorableTextProblem | null {
  if (text.includes('\u0000')) return 'nul';
  return LONE_SURROGATE.test(text) ? 'lone_surrogate' : null;
}

type Visit = { value: unknown; key: string | undefined; parent: Visit | undefined };

function pathOf(visit: Visit): string[] {
  const path: string[] = [];
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
}

/** The first string or key (in document order) PostgreSQL cannot store, with its path; or null. */
export function findUnstorableText(value: unknown): UnstorableText | null {
  const stack: Visit[] = [{ value, key: undefined, parent: undefined }];
  for (let visit = stack.pop(); visit; visit = stack.pop()) {
    const keyProblem = visit.key === undefined ? null : problemOf(visit.key);
    if (keyProblem) return { path: pathOf(visit), problem: keyProblem };
    const item = visit.value;
    if (typeof item === 'string') {
      const problem = problemOf(item);
      if (problem) return { path: pathOf(visit), problem };
    } else if (item && typeof item === 'object') {
      const children = Array.isArray(item) ? item.map((v, i) => [String(i), v] as const) : Object.entries(item);
      // Pushed last to first, so the first child is looked at first.
      for (let i = children.length - 1; i >= 0; i--) {
        const [key, child] = children[i] as readonly [string, unknown];
        stack.push({ value: child, key, parent: visit });
      }
    }
  }
  return null;
}

/** The text with NUL removed and each lone surrogate replaced by U+FFFD. */
export function storableText(text: string): string {
  const withoutNul = text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
  return LONE_SURROGATE.test(withoutNul) ? withoutNul.replace(LONE_SURROGATES, '\uFFFD') : withoutNul;
}

type Copy = { from: unknown; into: Record<string, unknown>; key: string };

/** A copy of a JSON value with every string and key made storable (see storableText). */
export function toStorableJson<T>(value: T): T {
  const root: Record<string, unknown> = {};
  const stack: Copy[] = [{ from: value, into: root, key: 'value' }];
  for (let copy = stack.pop(); copy; copy = stack.pop()) {
    const { from } = copy;
    let made: unknown = from;
    if (typeof from === 'string') {
      made = storableText(from);
    } else if (Array.isArray(from)) {
      const array: unknown[] = new Array(from.length);
      made = array;
      const into = array as unknown as Record<string, unknown>;
      for (let i = 0; i < from.length; i++) stack.push({ from: from[i], into, key: String(i) });
    } else if (from && typeof from === 'object') {
      const object: Record<string, unknown> = {};
      made = object;
      for (const [key, item] of Object.entries(from)) {
        const clean = storableText(key);
        // Defined, not assigned: a "__proto__" key stays data, as JSON.parse made it.
        Object.defineProperty(object, clean, {
          value: undefined,
          writable: true,
          enumerable: true,
          configurable: true,
        });
        stack.push({ from: item, into: object, key: clean });
      }
    }
    copy.into[copy.key] = made;
  }
  return root.value as T;
}
