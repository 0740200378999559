// Test support for any package that touches the database. Test-only: nothing
// outside test files imports this entry.

export { fillEveryTenantTable, type TenantFixture } from './fixtures.ts';
export { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';
export {
  createScratchDatabase,
  type ScratchDatabase,
  testPoolMax,
  uniqueSlug,
  useScratchDb,
  useTestDb,
} from './test-db.ts';
