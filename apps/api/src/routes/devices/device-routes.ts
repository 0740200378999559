// The caller's own devices: where their pushes go. A device is named by the
// app's own deviceId (not a UUID) and only ever by its operator: nobody,
// whatever their role, sees or touches another operator's devices here.
import { deviceParams, putDeviceBody } from '@relay/contracts';
import { type DeviceRow, deactivateDevice, listDevices, upsertDevice, withTenant } from '@relay/db';
import { Router } from 'express';
import { principalOf } from '../../auth/authenticate.ts';
import type { ResolvedDeps } from '../../deps.ts';
import { AppError, notFound } from '../../errors/app-error.ts';
import { auditWrite } from '../../http/audit-write.ts';
import { uniqueViolationOf } from '../../http/db-errors.ts';
import { parse } from '../../http/parse.ts';

function deviceDto(row: DeviceRow & { createdAt?: Date }) {
  return {
    id: row.id,
    deviceId: row.deviceId,
    deviceType: row.deviceType,
    platform: row.platform,
    name: row.name,
    // The token itself stays on the server: the app that sent it has it.
    hasFcmToken: row.fcmToken !== null,
    isActive: row.isActive,
    lastActiveAt: row.lastActiveAt,
    pushFailures: row.pushFailures,
    createdAt: row.createdAt,
  };
}

export function deviceRoutes({ sql }: ResolvedDeps): Router {
  const router = Router();

  router.get('/devices', async (_req, res) => {
    const me = principalOf(res);
    const rows = await withTenant(sql, me.tenantId, (tx) => listDevices(tx, me.tenantId, me.operatorId));
    res.json({ items: rows.map(deviceDto) });
  });

  router.put('/devices/:deviceId', async (req, res) => {
    const { deviceId } = parse(deviceParams, req.params, 'params');
    const body = parse(putDeviceBody, req.body, 'body');
    const me = principalOf(res);
    try {
      const row = await withTenant(sql, me.tenantId, async (tx) => {
        const device = await upsertDevice(tx, me.tenantId, { operatorId: me.operatorId, deviceId, ...body });
        await auditWrite(tx, me, req, {
          action: 'device.register',
          targetType: 'device',
          targetId: device.id,
          details: { deviceId, deviceType: body.deviceType, platform: body.platform, fcmToken: Boolean(body.fcmToken) },
        });
        return device;
      });
      res.json(deviceDto(row));
    } catch (error) {
      // Two installs registering one token at the same instant: the loser may retry.
      if (uniqueViolationOf(error) !== undefined) {
        throw new AppError('conflict', 'this push token was registered by another device at the same time; retry');
      }
      throw error;
    }
  });

  router.delete('/devices/:deviceId', async (req, res) => {
    const { deviceId } = parse(deviceParams, req.params, 'params');
    const me = principalOf(res);
    await withTenant(sql, me.tenantId, async (tx) => {
      const device = await deactivateDevice(tx, me.tenantId, me.operatorId, deviceId);
      if (!device) throw notFound('device');
      await auditWrite(tx, me, req, {
        action: 'device.deactivate',
        targetType: 'device',
        targetId: device.id,
        details: { deviceId },
      });
    });
    res.status(204).end();
  });

  return router;
}
