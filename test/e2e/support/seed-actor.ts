import { expect, vi } from 'vitest';
import { getJson } from './e2e-server.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeBaseImage } from '../../support/test-troupe.js';
import type { E2eServer } from './e2e-server.js';

interface JobJson {
  readonly id: string;
  readonly status: string;
  readonly completedImages: number;
}

/** Adds an actor through the HTTP API (a multipart upload, as the UI sends it). */
export async function addActorViaApi(server: E2eServer, id: string, descriptor: string): Promise<void> {
  const file = await writeBaseImage(server.workDir, `${id}.png`);
  const form = new FormData();
  form.append('id', id);
  form.append('descriptor', descriptor);
  form.append('baseImage', new Blob([await readFile(file)], { type: 'image/png' }), path.basename(file));
  const response = await fetch(`${server.url}/api/actors`, { method: 'POST', body: form });
  if (!response.ok) throw new Error(`POST /api/actors answered ${response.status}: ${await response.text()}`);
}

/** Starts a job through the HTTP API and returns it as queued. */
export async function startJobViaApi(server: E2eServer, request: Record<string, unknown>): Promise<JobJson> {
  const response = await fetch(`${server.url}/api/jobs`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(request),
  });
  if (!response.ok) throw new Error(`POST /api/jobs answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { job: JobJson }).job;
}

/** Waits until the job reaches `status` (through the API), failing after 30 s. */
export async function waitForJobStatus(server: E2eServer, jobId: string, status: string): Promise<void> {
  await vi.waitFor(
    async () =>
      expect((await getJson<{ job: { status: string } }>(server, `/api/jobs/${jobId}`)).job.status).toBe(status),
    { timeout: 30_000, interval: 100 },
  );
}
