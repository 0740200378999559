// The caller's own devices: where their pushes go. A device is named by the
// app's own deviceId (not a UUID) and only ever by its operator: nobody,
// whatever their role, sees or touches another operator's devices here.
// The routes' contracts (paths, schemas) are apiRoutes.devices in @relay/contracts.
import { apiRoutes, type Device } from '@relay/contracts';
import { type DeviceListRow, deactivateDevice, listDevices, upsertDevice, withTenant } from '@relay/db';
import { Router } from 'express';
import type { ResolvedDeps } from '../../deps.ts';
import { AppError, notFound } from '../../errors/app-error.ts';
import { auditWrite } from '../../http/audit-write.ts';
import { uniqueViolationOf } from '../../http/db-errors.ts';
import { routeMounter } from '../../http/mount-route.ts';

const routes = apiRoutes.devices;

function deviceDto(row: DeviceListRow): Device {
  return {
    id: row.id,
    deviceId: row.deviceId,
    deviceType: row.deviceType,
    platform: row.platform,
    name: row.name,
    // The token itself stays on the server: the app that sent it has it.
    hasFcmToken: row.fcmToken !== null,
    isActive: row.isActive,
    lastActiveAt: row.lastActiveAt?.toISOString() ?? null,
    pushFailures: row.pushFailures,
    createdAt: row.createdAt.toISOString(),
  };
}

export function deviceRoutes(deps: ResolvedDeps): Router {
  const { sql } = deps;
  const router = Router();
  const mount = routeMounter(router, deps);

  mount(routes.listDevices, async (_input, { principal: me }) => {
    const rows = await withTenant(sql, me.tenantId, (tx) => listDevices(tx, me.tenantId, me.operatorId));
    return { items: rows.map(deviceDto) };
  });

  mount(routes.registerDevice, async ({ params: { deviceId }, body }, { req, principal: me }) => {
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
      // upsertDevice answers with every column (returning *), its timestamps included.
      return deviceDto(row as DeviceListRow);
    } catch (error) {
      // Two installs registering one token at the same instant: the loser may retry.
      if (uniqueViolationOf(error) !== undefined) {
        throw new AppError('conflict', 'this push token was registered by another device at the same time; retry');
      }
      throw error;
    }
  });

  mount(routes.deactivateDevice, async ({ params: { deviceId } }, { req, principal: me }) => {
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
  });

  return router;
}
