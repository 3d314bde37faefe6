import { hostname, networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { EventTail } from '../app/events/event-tail.js';
import { startEventRetention } from '../app/events/event-retention.js';
import { ClaimRetry } from '../app/generation/claim-retry.js';
import type { TroupeConfig } from '../config/load-config.js';
import { TroupeError } from '../domain/errors/troupe-error.js';
import { MAX_IMAGES_PER_JOB } from '../domain/generation/type-targets.js';
import { MAX_CONCURRENCY } from '../app/generation/create-job.js';
import { MAX_BASE_IMAGE_BYTES } from '../app/actors/add-actor.js';
import { InProcessJobQueue } from '../adapters/queue/in-process-job-queue.js';
import { SIM_SCENARIOS } from '../adapters/provider/sim-scenarios.js';
import { HostAllowList, parseHost, type HostEntry } from '../interfaces/http/allowed-hosts.js';
import { createHttpApp } from '../interfaces/http/http-app.js';
import type { HttpDeps } from '../interfaces/http/http-deps.js';
import { openTroupe, type OpenOverrides, type OpenedTroupe } from './open-troupe.js';
import { PROVIDER_NAMES } from './provider-factory.js';

export const WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface StartedServer {
  readonly url: string;
  readonly opened: OpenedTroupe;
  close(): Promise<void>;
}

export interface ServeOptions {
  readonly host?: string;
  readonly port?: number;
  readonly webRoot?: string;
  /** Runs before jobs are resumed (the demo actor is created here). */
  readonly onOpen?: (opened: OpenedTroupe, queue: InProcessJobQueue) => Promise<void>;
  readonly overrides?: OpenOverrides;
}

/**
 * `troupe serve`: the API, the web UI and an in-process worker in one process. Unfinished jobs are resumed on start.
 * Off loopback it refuses to run without TROUPE_API_KEY.
 */
export async function startServer(config: TroupeConfig, options: ServeOptions = {}): Promise<StartedServer> {
  const host = options.host ?? config.http.host;
  const port = options.port ?? config.http.port;
  assertSafeBinding(host, config.http.apiKey);
  const opened = await openTroupe(config, options.overrides);
  const { troupe } = opened;
  const { clock, logger } = troupe.deps;
  const tail = new EventTail(opened.eventLog, clock, logger);
  await tail.start();
  // Events of this process are read at once; other processes' at the next poll (later: when Redis says so).
  opened.bus.onStored(() => tail.wake());
  const retention = startEventRetention(opened.eventLog, clock, logger);
  // A job another process holds is tried again once its lease would lapse, instead of being left as it is.
  const retry: ClaimRetry = new ClaimRetry(troupe.deps, troupe.settings.leaseMs, (jobId) => queue.enqueue(jobId));
  const queue: InProcessJobQueue = new InProcessJobQueue(
    (jobId) => retry.run(jobId, () => troupe.runJob(jobId, { owner: opened.owner })),
    troupe.deps.logger,
  );
  const extraHosts = config.http.allowedHosts.map(parseHost).filter((e): e is HostEntry => e !== undefined);
  let hosts = HostAllowList.forBinding(host, port, extraHosts, machineNames());
  const app = createHttpApp({
    troupe,
    queue,
    events: { log: opened.eventLog, tail },
    options: {
      ...httpOptions({ apiKey: config.http.apiKey, webRoot: options.webRoot ?? WEB_ROOT }),
      allowedHosts: () => hosts,
    },
    logError: (error) => troupe.deps.logger.error({ stack: error.stack }, error.message),
  });
  await options.onOpen?.(opened, queue);
  for (const job of await troupe.listJobs()) {
    if (job.status === 'queued' || job.status === 'processing') await queue.enqueue(job.id);
  }
  const server = await listen(app.fetch, host, port);
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  hosts = HostAllowList.forBinding(host, boundPort, extraHosts, machineNames());
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`,
    opened,
    close: async () => {
      retry.close();
      await queue.close();
      // Open event streams never end by themselves: close them, or the server would wait for them forever.
      if ('closeAllConnections' in server) server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([tail.stop(), retention.stop()]);
      await opened.close();
    },
  };
}

/** What the HTTP layer offers and accepts, from the app's own limits. */
export function httpOptions(access: { apiKey: string | undefined; webRoot: string | undefined }): HttpDeps['options'] {
  return {
    providers: PROVIDER_NAMES,
    scenarios: Object.keys(SIM_SCENARIOS),
    maxConcurrency: MAX_CONCURRENCY,
    maxImagesPerJob: MAX_IMAGES_PER_JOB,
    apiKey: access.apiKey,
    webRoot: access.webRoot,
    maxUploadBytes: MAX_BASE_IMAGE_BYTES + 64 * 1024,
  };
}

function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  hostname: string,
  port: number,
): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname, port }, () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE' ? `port ${port} is in use: pass --port or set TROUPE_PORT` : error.message;
      reject(new TroupeError('INVALID_CONFIG', `Cannot listen on ${hostname}:${port}: ${why}.`, { cause: error }));
    });
  });
}

/** What a browser on the network may call this machine when the server listens on every interface. */
function machineNames(): string[] {
  const addresses = Object.values(networkInterfaces())
    .flat()
    .flatMap((info) => (info === undefined ? [] : [info.family === 'IPv6' ? `[${info.address}]` : info.address]));
  return [hostname(), ...addresses];
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

function assertSafeBinding(host: string, apiKey: string | undefined): void {
  if (!LOOPBACK.test(host) && apiKey === undefined) {
    throw new TroupeError(
      'INVALID_CONFIG',
      `Refusing to listen on ${host} without an API key: anyone who can reach it could spend your provider credit. Set TROUPE_API_KEY (16+ characters) or bind 127.0.0.1.`,
    );
  }
}
