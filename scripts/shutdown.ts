import type { Logger } from 'pino';

/**
 * Runs `stop` once on the first SIGINT/SIGTERM. Ctrl-C reaches every process of the terminal's group,
 * and wrappers such as npm and tsx relay it again, so repeats within the first two seconds are the
 * same keypress; a later signal means someone does not want to wait for the drain, and exits at once.
 */
export function onShutdownSignal(logger: Logger, stop: () => Promise<void>): void {
  let stoppingSince: number | undefined;
  const handler = (signal: NodeJS.Signals) => {
    if (stoppingSince !== undefined) {
      if (Date.now() - stoppingSince < 2000) return;
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(130);
    }
    stoppingSince = Date.now();
    logger.info({ signal }, 'shutting down');
    stop()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
