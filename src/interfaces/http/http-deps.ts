import type { HostAllowList } from './allowed-hosts.js';
import type { EventTail } from '../../app/events/event-tail.js';
import type { EventLog, JobQueue } from '../../app/ports.js';
import type { Troupe } from '../../app/troupe.js';

export interface HttpDeps {
  readonly troupe: Troupe;
  readonly queue: JobQueue;
  /** The shared event rows (for replays after Last-Event-ID) and this server's tail of them (live). */
  readonly events: { readonly log: EventLog; readonly tail: EventTail };
  readonly options: {
    readonly providers: readonly string[];
    readonly scenarios: readonly string[];
    readonly maxConcurrency: number;
    readonly maxImagesPerJob: number;
    /** When set, every /api request must carry it. */
    readonly apiKey?: string;
    /** The built web UI (web/dist); the API alone when absent. */
    readonly webRoot?: string;
    readonly maxUploadBytes: number;
    /**
     * The Host names the server answers to, known once it listens (its port may be chosen then); the loopback names
     * on port 80 when absent, as in-process requests name them.
     */
    readonly allowedHosts?: () => HostAllowList;
  };
  readonly logError: (error: Error) => void;
}
