// fast-check arbitraries for requests, generated from the OpenAPI document's
// JSON Schemas: values that mostly fit the schema (so requests get past
// validation into the handlers and the database), each of which may be swapped
// for hostile JSON: odd types, huge numbers, deep nesting, NUL and lone
// surrogates. Written here because no maintained package generates from
// zod 4 or JSON Schema for fast-check 4.
import fc from 'fast-check';

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema nodes are read field by field
export type Schema = Record<string, any>;

/** Text PostgreSQL cannot store, and text that is fine but unusual. */
const nastyText = fc.constantFrom('\ud800', 'a\udc00b', '\u0000', 'x\u0000\ud83d', '😀', '\u202e', "'; --", '%00', '');

const hugeNumber = fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -0, 1e-320, Number.MAX_VALUE);

/** Any JSON at all, including deep and unusual values. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }),
  fc.jsonValue({ maxDepth: 20, depthSize: 'large' }),
  nastyText,
  hugeNumber,
  fc.integer({ min: 1, max: 200 }).map((depth) => {
    let value: unknown = 'deep';
    for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
    return value;
  }),
);

function textFor(schema: Schema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 40, 40);
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? 1e9));
    } catch {
      // A pattern fast-check cannot invert (\p{…}): plain text, which the schema may refuse.
    }
  }
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength, maxLength, unit: 'grapheme' }) },
    { weight: 1, arbitrary: fc.string({ minLength, maxLength, unit: 'binary' }) },
  );
}

/** Ids to use: every id of the workspace (and another's), and those of the table a path names. */
export type Context = { ids: string[]; idsOf: (resource: string) => string[] };

function fitting(schema: Schema, context: Context): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf || schema.oneOf)
    return fc.oneof(...(schema.anyOf ?? schema.oneOf).map((s: Schema) => near(s, context)));
  switch (schema.type) {
    case 'string':
      if (schema.format === 'uuid') return fc.oneof(fc.constantFrom(...context.ids), fc.uuid());
      if (schema.format === 'email') {
        // fast-check's addresses follow the RFC, most of which the API (rightly) refuses; mostly plain ones.
        const plain = fc
          .tuple(fc.stringMatching(/^[a-z0-9._-]{1,12}$/), fc.stringMatching(/^[a-z0-9-]{1,12}$/))
          .map(([local, domain]) => `${local}@${domain}.test`);
        return fc.oneof({ weight: 4, arbitrary: plain }, { weight: 1, arbitrary: fc.emailAddress() });
      }
      if (schema.format === 'date-time') {
        return fc
          .date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString());
      }
      return textFor(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (schema.prefixItems) return fc.tuple(...schema.prefixItems.map((s: Schema) => near(s, context)));
      const items = schema.items ? near(schema.items, context) : hostileJson;
      return fc.array(items, { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 4) });
    }
    case 'object': {
      if (!schema.properties) return fc.dictionary(textFor({}), hostileJson, { maxKeys: 4 });
      const shape = Object.fromEntries(
        Object.entries<Schema>(schema.properties).map(([key, s]) => [key, near(s, context)]),
      );
      return fc.record(shape, { requiredKeys: schema.required ?? [] });
    }
    default:
      return hostileJson;
  }
}

/** Mostly a value that fits the schema; now and then anything at all. */
export function near(schema: Schema, context: Context): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 24, arbitrary: fitting(schema, context) },
    { weight: 1, arbitrary: nastyText },
    { weight: 1, arbitrary: hostileJson },
  );
}

/**
 * A path parameter, URL-encoded: mostly an id of the resource the path names
 * (the segment before it, "conversations" for /conversations/{id}), else an id
 * of another kind or workspace, a random one, or junk.
 */
export function pathParam(context: Context, resource: string): fc.Arbitrary<string> {
  const own = context.idsOf(resource);
  return fc.oneof(
    ...(own.length ? [{ weight: 8, arbitrary: fc.constantFrom(...own) }] : []),
    { weight: 2, arbitrary: fc.constantFrom(...context.ids) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme' }).map(encodeURIComponent) },
    // Already encoded: NUL, an encoded lone surrogate, a bare %, a huge number.
    { weight: 1, arbitrary: fc.constantFrom('%2E%2E', '%00', '%ED%A0%80', '%', '1e999', '%20') },
  );
}

/** A query value as the URL carries it (arrays repeat the key; anything else is text). */
export function queryPairs(values: Record<string, unknown>): [string, string][] {
  const text = (item: unknown) => (typeof item === 'string' ? item : (JSON.stringify(item) ?? ''));
  return Object.entries(values).flatMap(([key, value]) =>
    (Array.isArray(value) ? value : [value]).map((item): [string, string] => [key, text(item)]),
  );
}
