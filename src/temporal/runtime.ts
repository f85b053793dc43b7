/**
 * The process's Temporal runtime (one per process, installed before the first connection):
 * - one log stream: the SDK's own messages (worker, workflow and activity loggers) and the
 *   Rust core's, forwarded, all go through our pino logger as one JSON line each — never the
 *   SDK's multi-line console text on stdout;
 * - the worker's Temporal SDK metrics (task latencies, slots, polls, sticky cache) served by
 *   the runtime itself in Prometheus format on TEMPORAL_METRICS_BIND (host:port), when set.
 */
import { Runtime, makeTelemetryFilterString, type LogLevel, type LogMetadata } from '@temporalio/worker';
import type { Logger as TemporalLogger } from '@temporalio/common';
import type { Logger } from '../logger';

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** The SDK's logger interface over a pino logger (metadata becomes fields of the JSON line). */
export function pinoTemporalLogger(logger: Logger): TemporalLogger {
  const sdk = logger.child({ component: 'temporal-sdk' });
  const log = (level: LogLevel, message: string, meta?: LogMetadata): void => {
    const fields: Record<string, unknown> = { ...(meta ?? {}) };
    // Errors in metadata: keep their message and stack as fields (pino's err serializer).
    if (fields.error instanceof Error) {
      fields.err = fields.error;
      delete fields.error;
    }
    sdk[PINO_LEVEL[level] ?? 'info'](fields, message);
  };
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}

/** The SDK level for a pino level (the core filter follows it; 'silent'/'fatal' → ERROR). */
function sdkLevel(level: string): LogLevel {
  switch (level) {
    case 'trace':
      return 'TRACE';
    case 'debug':
      return 'DEBUG';
    case 'info':
      return 'INFO';
    case 'warn':
      return 'WARN';
    default:
      return 'ERROR';
  }
}

/**
 * Installs the runtime once. Returns false when a runtime was installed before in this process
 * (e.g. by a test harness): it is kept, and the caller's options do not apply.
 */
export function installTemporalRuntime(options: { logger: Logger; metricsBindAddress?: string | undefined }): boolean {
  if (Runtime._instance) return false;
  const level = sdkLevel(options.logger.level);
  Runtime.install({
    logger: pinoTemporalLogger(options.logger),
    telemetryOptions: {
      logging: {
        // Core's own messages at WARN and above (INFO is chatty: every poll), forwarded to pino.
        filter: makeTelemetryFilterString({ core: level === 'TRACE' || level === 'DEBUG' ? level : 'WARN' }),
        forward: {},
      },
      ...(options.metricsBindAddress
        ? { metrics: { prometheus: { bindAddress: options.metricsBindAddress, useSecondsForDurations: true } } }
        : {}),
    },
  });
  return true;
}
