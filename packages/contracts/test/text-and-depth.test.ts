// The text and depth checks every boundary uses: linear, iterative (no stack
// to overflow), and precise about where the problem is.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findUnstorableText, jsonNestsDeeperThan, MAX_JSON_DEPTH, storableText, toStorableJson } from '../src/index.ts';

const nested = (depth: number, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth);

describe('jsonNestsDeeperThan', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(jsonNestsDeeperThan(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonNestsDeeperThan(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonNestsDeeperThan(`${'{"a":'.repeat(65)}1${'}'.repeat(65)}`)).toBe(true);
    expect(jsonNestsDeeperThan(JSON.stringify({ text: '[[[[[[', quote: '\\"[[[["' }), 2)).toBe(false);
    expect(jsonNestsDeeperThan(JSON.stringify([['"]"', ['\\']]]), 2)).toBe(true);
  });

  it('agrees with the real depth of any JSON value', () => {
    const depthOf = (value: unknown): number =>
      value && typeof value === 'object' ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 7 }), (value, max) => {
        expect(jsonNestsDeeperThan(JSON.stringify(value), max)).toBe(depthOf(value) > max);
      }),
    );
    // Strings full of what the scan must skip: quotes, backslashes and brackets, escaped.
    const tricky = fc.string({ unit: fc.constantFrom('"', '\\', '[', ']', '{', '}', 'a', '\u0000') });
    fc.assert(
      fc.property(
        fc.letrec((tie) => ({
          value: fc.oneof({ depthSize: 'small' }, tricky, fc.array(tie('value')), fc.dictionary(tricky, tie('value'))),
        })).value,
        fc.integer({ min: 0, max: 7 }),
        (value, max) => {
          expect(jsonNestsDeeperThan(JSON.stringify(value), max)).toBe(depthOf(value) > max);
        },
      ),
    );
  });
});

describe('findUnstorableText', () => {
  it('names the first NUL or lone surrogate in document order, in a value or a key', () => {
    expect(findUnstorableText({ a: 'ok', b: ['x', 'y\u0000'], c: '\ud800' })).toEqual({
      path: ['b', '1'],
      problem: 'nul',
    });
    expect(findUnstorableText({ a: { 'k\udc00': 1 } })).toEqual({ path: ['a', 'k\udc00'], problem: 'lone_surrogate' });
    expect(findUnstorableText('\u0000')).toEqual({ path: [], problem: 'nul' });
    expect(findUnstorableText({ emoji: '😀 ok', n: 1, none: null })).toBeNull();
  });

  it('walks 100,000 levels without recursion', () => {
    let deep: unknown = 'a\ud800';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorableText(deep)?.path).toHaveLength(100_000);
  });
});

describe('toStorableJson', () => {
  it('removes NUL and replaces lone surrogates with U+FFFD, keeping pairs and key order', () => {
    const copy = toStorableJson({ b: 'a\u0000b', a: ['\ud800x', '😀'], 'k\u0000': { n: 1 } });
    expect(copy).toEqual({ b: 'ab', a: ['\ufffdx', '😀'], k: { n: 1 } });
    expect(Object.keys(copy)).toEqual(['b', 'a', 'k']);
    expect(storableText('\udc00\ud800')).toBe('\ufffd\ufffd');
  });

  it('keeps a "__proto__" key as data', () => {
    const copy = toStorableJson(JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__']);
  });

  it('copies 100,000 levels without recursion, and leaves nothing unstorable', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(findUnstorableText(toStorableJson(deep))).toBeNull();
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) => {
        expect(findUnstorableText(toStorableJson(value))).toBeNull();
      }),
    );
  });
});
