// Owns structured logging: one pino logger per app, children per component,
// and the paths that must never be written out.
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

/** destination: where lines go instead of stdout (tests read what was logged). */
export function createLogger(options: { app: string; level?: string; destination?: DestinationStream }): Logger {
  const settings = {
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
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
