// Owns the process configuration: the one place that reads environment
// variables, validates them with zod, and refuses to boot with a bad value.

export { DEV_ENCRYPTION_KEY, DEV_JWT_SECRET } from './dev-defaults.ts';
export { type Config, ConfigError, loadConfig } from './load-config.ts';
export { loadConfigOrExit } from './load-config-or-exit.ts';
