// Every event type has a schema, and every type a writer emits is one of
// them. The compiler already refuses an emit of a type without a schema
// (NewEvent); this reads the writers' source as well, so a writer that goes
// around NewEvent, or a type SPEC lists that nobody emits, shows up here.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eventDataSchemas, eventType, relayEnvelope, relayEvent } from '../src/index.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** Where events are written: the domain, the realtime writers, and the apps' own emits. */
const WRITERS = ['packages/inbox/src', 'packages/realtime/src', 'apps/api/src', 'apps/worker/src', 'apps/gateway/src'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The event types the writers' emit calls name: `type: 'x.y'`, or a map of them (the SLA engine's). */
function emittedTypes(): Set<string> {
  const found = new Set<string>();
  for (const file of WRITERS.flatMap((dir) => sources(join(ROOT, dir)))) {
    const source = readFileSync(file, 'utf8');
    if (!/\bemit\(\{/.test(source) && !source.includes('NewEvent')) continue;
    for (const match of source.matchAll(/\btype:\s*'([a-z]+\.[a-z_]+)'/g)) found.add(match[1] as string);
    for (const map of source.matchAll(/EVENT_TYPES = \{([^}]*)\}/g)) {
      for (const value of (map[1] as string).matchAll(/'([a-z]+\.[a-z_]+)'/g)) found.add(value[1] as string);
    }
  }
  return found;
}

describe('realtime event schemas', () => {
  it('has a data schema and a union member for every event type, and nothing else', () => {
    expect(Object.keys(eventDataSchemas).sort()).toEqual([...eventType.options].sort());
    expect(relayEvent.options.map((option) => option.shape.type.value).sort()).toEqual([...eventType.options].sort());
    expect(relayEnvelope.options.map((option) => option.shape.type.value).sort()).toEqual(
      [...eventType.options].sort(),
    );
  });

  it('covers every type the writers emit, and every type (SPEC section 3) is emitted by some writer', () => {
    const emitted = emittedTypes();
    expect(emitted.size).toBeGreaterThan(0);
    expect([...emitted].filter((type) => !eventType.safeParse(type).success)).toEqual([]);
    expect(eventType.options.filter((type) => !emitted.has(type))).toEqual([]);
  });

  it('refuses an unknown type and a payload off its schema, and reports where', () => {
    const envelope = { seq: 1, tenantId: '0b6f1a52-3a4e-4d7b-9c55-1f0d2e3c4b5a', at: '2026-12-03T08:00:00.000Z' };
    expect(relayEnvelope.safeParse({ ...envelope, type: 'message.deleted', data: {} }).success).toBe(false);
    const bad = relayEnvelope.safeParse({ ...envelope, type: 'operator.updated', data: { operatorId: 'x' } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((issue) => issue.path.join('.'))).toContain('data.operatorId');
  });

  it('takes a Date where the wire has ISO text, and gives the text back', () => {
    const at = new Date('2026-12-03T08:00:00.000Z');
    const data = { conversationId: '0b6f1a52-3a4e-4d7b-9c55-1f0d2e3c4b5a', kind: 'resolution', dueAt: at, at };
    const withoutRow = eventDataSchemas['sla.breached'].omit({ conversation: true });
    expect(withoutRow.parse(data)).toEqual({ ...data, dueAt: at.toISOString(), at: at.toISOString() });
  });
});
