import type { LoggerService } from '@backstage/backend-plugin-api';

/** A plain JSON-lines logger for the standalone server. */
export function createLogger(level: 'debug' | 'info' | 'warn' | 'error' = 'info', fields: Record<string, unknown> = {}): LoggerService {
  const order = { debug: 0, info: 1, warn: 2, error: 3 };
  const log = (l: keyof typeof order, message: string, meta?: unknown) => {
    if (order[l] < order[level]) return;
    const line = JSON.stringify({ level: l, time: new Date().toISOString(), message, ...fields, ...(meta && typeof meta === 'object' ? meta : {}) });
    (l === 'error' || l === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
  };
  return {
    debug: (m, meta) => log('debug', m, meta),
    info: (m, meta) => log('info', m, meta),
    warn: (m, meta) => log('warn', m, meta),
    error: (m, meta) => log('error', m, meta),
    child: meta => createLogger(level, { ...fields, ...meta }),
  };
}
