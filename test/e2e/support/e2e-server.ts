import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config/load-config.js';
import { manifestFileName, parseActorId } from '../../../src/domain/actors/actor-id.js';
import { startServer, type StartedServer } from '../../../src/main/start-server.js';

export interface E2eServer {
  readonly url: string;
  readonly server: StartedServer;
  readonly workDir: string;
  readonly dataDir: string;
  /** The actor's manifest as written on disk. */
  readManifest(actorId: string): Promise<{ total_images: number; images: Record<string, unknown> }>;
  stop(): Promise<void>;
}

/** A real `troupe serve` in this process on a temp data dir, real time, the sim provider and a random port. */
export async function startE2eServer(simLatencyMs: string): Promise<E2eServer> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'troupe-e2e-'));
  const dataDir = path.join(workDir, 'data');
  const config = loadConfig({
    TROUPE_DATA_DIR: dataDir,
    TROUPE_SIM_LATENCY_MS: simLatencyMs,
    TROUPE_LOG_LEVEL: 'silent',
  });
  const server = await startServer(config, { host: '127.0.0.1', port: 0 });
  return {
    url: server.url,
    server,
    workDir,
    dataDir,
    readManifest: async (actorId) =>
      JSON.parse(
        await readFile(path.join(dataDir, 'actor_manifests', manifestFileName(parseActorId(actorId))), 'utf8'),
      ) as {
        total_images: number;
        images: Record<string, unknown>;
      },
    stop: async () => {
      await server.close();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

/** GET a JSON API path on the server, failing on a non-2xx answer. */
export async function getJson<T>(server: E2eServer, apiPath: string): Promise<T> {
  const response = await fetch(`${server.url}${apiPath}`, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET ${apiPath} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}
