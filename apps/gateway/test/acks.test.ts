// Device acks: the gateway records the largest seq each operator device has
// acknowledged; a smaller, late ack never moves it back.
import { useTestDb } from '@relay/db/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDemoWorld, type DemoWorld } from './support/demo-world.ts';
import { useGatewayServer } from './support/gateway-harness.ts';

const sql = useTestDb();
const node = useGatewayServer(sql);
let world: DemoWorld;

beforeAll(async () => {
  world = await createDemoWorld(sql);
});

describe('ack', () => {
  it('records the largest acknowledged seq per operator device, in memory without Redis', async () => {
    const login = await world.login('alice');
    const phone = await node.connect(login);
    const laptop = await node.connect({ ...login, deviceId: 'laptop' });
    expect(await phone.emitWithAck('ack', { seq: 5 })).toEqual({ ok: true, lastAckedSeq: 5 });
    expect(await phone.emitWithAck('ack', { seq: 3 })).toEqual({ ok: true, lastAckedSeq: 5 });
    expect(await laptop.emitWithAck('ack', { seq: 2 })).toEqual({ ok: true, lastAckedSeq: 2 });
    expect(await phone.emitWithAck('ack', { seq: 9 })).toEqual({ ok: true, lastAckedSeq: 9 });

    const { acks } = node.gateway;
    expect(await acks.lastAckedSeq(world.tenantId, login.operatorId, login.deviceId)).toBe(9);
    expect(await acks.lastAckedSeq(world.tenantId, login.operatorId, 'laptop')).toBe(2);
    expect(await acks.lastAckedSeq(world.tenantId, world.operators.bob.id, login.deviceId)).toBeNull();
  });
});
