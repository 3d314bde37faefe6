import type { Clock, EventLog, Logger } from '../ports.js';

export interface EventRetentionSettings {
  /** Events older than this are deleted: a page away longer than this gets a fresh snapshot instead of a replay. */
  readonly keepMs: number;
  readonly everyMs: number;
}

export const DEFAULT_EVENT_RETENTION: EventRetentionSettings = { keepMs: 24 * 3600_000, everyMs: 10 * 60_000 };

/** Trims the EventLog now and then on a schedule, until stopped. */
export function startEventRetention(
  log: EventLog,
  clock: Clock,
  logger: Logger,
  settings: EventRetentionSettings = DEFAULT_EVENT_RETENTION,
): { stop(): Promise<void> } {
  const stopping = new AbortController();
  const running = (async () => {
    while (!stopping.signal.aborted) {
      try {
        const deleted = await log.trimBefore(new Date(clock.now() - settings.keepMs).toISOString());
        if (deleted > 0) logger.info({ deleted }, 'old events trimmed');
      } catch (error) {
        logger.error({ error: String(error) }, 'trimming old events failed; trying again later');
      }
      await clock.sleep(settings.everyMs, stopping.signal);
    }
  })();
  return {
    stop: async () => {
      stopping.abort();
      await running;
    },
  };
}
