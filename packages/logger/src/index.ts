// Owns structured logging: one pino logger per app, children per component,
// and the paths that must never be written out.
import { type Logger, pino } from 'pino';

export type { Logger };

export function createLogger(options: { app: string; level?: string }): Logger {
  return pino({
    name: options.app,
    level: options.level ?? 'info',
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-api-key"]',
        '*.password',
        '*.passwordHash',
        '*.token',
        '*.refreshToken',
        '*.secret',
        '*.credentials',
      ],
      censor: '[redacted]',
    },
  });
}
