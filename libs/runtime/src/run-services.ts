import type { Logger } from './logger.js';
import type { Service } from './service.js';

export interface RunServicesOptions {
  logger: Logger;
  /** How long a graceful stop may take before the process exits non-zero anyway. */
  shutdownTimeoutMs: number;
}

/**
 * Starts services in order and, on SIGTERM or SIGINT, stops them in reverse order, so that the
 * sources stop before the sinks they feed are drained. Exits 0 after a clean stop, 1 when a stop
 * failed or overran its timeout.
 */
export async function runServices(services: Service[], options: RunServicesOptions): Promise<void> {
  const { logger } = options;
  const started: Service[] = [];
  let stopping = false;

  const stopAll = async (reason: string): Promise<number> => {
    stopping = true;
    logger.info('stopping', { reason });
    let code = 0;
    for (const service of [...started].reverse()) {
      try {
        await service.stop();
        logger.debug('stopped', { service: service.name });
      } catch (err) {
        code = 1;
        logger.error('stop failed', { service: service.name, err });
      }
    }
    return code;
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    const timer = setTimeout(() => {
      logger.error('graceful stop timed out; exiting', { timeoutMs: options.shutdownTimeoutMs });
      process.exit(1);
    }, options.shutdownTimeoutMs);
    timer.unref();
    void stopAll(signal).then((code) => {
      logger.info('stopped', { code });
      process.exit(code);
    });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  for (const service of services) {
    try {
      await service.start();
    } catch (err) {
      logger.error('start failed', { service: service.name, err });
      await stopAll('start failed');
      process.exit(1);
    }
    started.push(service);
    logger.debug('started', { service: service.name });
  }
  logger.info('running', { services: services.map((s) => s.name) });
}
