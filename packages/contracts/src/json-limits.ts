// How deeply JSON that crosses our boundary may nest: request bodies, webhook
// bodies and socket payloads all use this one limit. No payload of ours or of a
// provider comes near it; a body far past it is an attack on whatever walks it.

/** Arrays and objects inside each other, at most. */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 34;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;

/**
 * True when JSON text nests arrays and objects deeper than `max`. One pass over
 * the characters, stopping at the first level too deep, so it costs no more
 * than reading the text; brackets inside strings do not count. It does not
 * validate: JSON.parse does that afterwards (which in V8 is iterative, so it is
 * only what walks the result that a deep value can hurt).
 *
 * Written here rather than taken from npm: no maintained package checks depth
 * before parsing, and the scan is this loop.
 */
export function jsonNestsDeeperThan(text: string, max: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  // Strings are skipped with indexOf (native, fast on long text); the next
  // backslash is remembered so finding it costs one pass in all.
  let backslash = text.indexOf('\\');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (;;) {
        const quote = text.indexOf('"', i + 1);
        if (quote === -1) return false; // unterminated: JSON.parse refuses it
        if (backslash !== -1 && backslash <= i) backslash = text.indexOf('\\', i + 1);
        if (backslash === -1 || backslash > quote) {
          i = quote;
          break;
        }
        // An escape: the character after the backslash (maybe a quote) is part of the string.
        i = backslash + 1;
        backslash = text.indexOf('\\', i + 1);
      }
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > max) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}

/** The details of the 400 for a body past the limit (the same for HTTP and webhooks). */
export function tooDeepIssue(max: number = MAX_JSON_DEPTH) {
  return {
    path: [] as string[],
    code: 'too_deep',
    message: `JSON may nest arrays and objects at most ${max} levels deep`,
    maxDepth: max,
  };
}
