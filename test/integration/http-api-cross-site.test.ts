import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { startServer, type StartedServer } from '../../src/main/start-server.js';
import { basePng, expectError, pngFile, useTestHttp, type TestHttp } from '../support/test-http.js';
import { ACTOR_ID, addTestActor } from '../support/test-troupe.js';

const openHttp = useTestHttp();
const EVIL = 'http://evil.example';

/** A job waiting in the queue (the `record` queue never starts it), so any change to it would show. */
async function withQueuedJob(): Promise<{ h: TestHttp; jobId: string }> {
  const h = await openHttp();
  await addTestActor(h.t);
  const job = await h.t.troupe.createJob({ actorId: ACTOR_ID, count: 2 });
  return { h, jobId: job.id };
}

describe('requests from other web pages (issue 16)', () => {
  it('refuses a DNS-rebinding page (Host: attacker.example) starting a job: 403, no job, nothing queued', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    const res = await h.app.request('http://attacker.example/api/jobs', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'http://attacker.example' },
      body: JSON.stringify({ actorId: ACTOR_ID, count: 2 }),
    });
    await expectError(res, 403, 'HOST_NOT_ALLOWED', /attacker\.example.*TROUPE_ALLOWED_HOSTS/);
    expect(await h.t.troupe.listJobs()).toEqual([]);
    expect(h.enqueued).toEqual([]);
  });

  it('refuses a rebinding page reading data too (GET with a foreign Host)', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    await expectError(await h.app.request('http://attacker.example/api/actors'), 403, 'HOST_NOT_ALLOWED');
    await expectError(await h.app.request('http://localhost.attacker.example/api/jobs'), 403, 'HOST_NOT_ALLOWED');
  });

  it('refuses a cross-site text/plain cancel from Origin: http://evil.example: 403, the job still queued', async () => {
    const { h, jobId } = await withQueuedJob();
    const res = await h.app.request(`/api/jobs/${jobId}/cancel`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Origin: EVIL, 'Sec-Fetch-Site': 'cross-site' },
      body: '{}',
    });
    await expectError(res, 403, 'CROSS_ORIGIN', /evil\.example/);
    const job = await h.t.troupe.getJobOrThrow(jobId);
    expect(job).toMatchObject({ status: 'queued', isCancelRequested: false });
  });

  it('refuses a cancel marked Sec-Fetch-Site: cross-site even without an Origin', async () => {
    const { h, jobId } = await withQueuedJob();
    const res = await h.app.request(`/api/jobs/${jobId}/cancel`, {
      method: 'POST',
      headers: { 'Sec-Fetch-Site': 'cross-site' },
    });
    await expectError(res, 403, 'CROSS_ORIGIN');
    expect((await h.t.troupe.getJobOrThrow(jobId)).status).toBe('queued');
  });

  it('refuses a page with an opaque origin (Origin: null, a sandboxed frame or a file)', async () => {
    const { h, jobId } = await withQueuedJob();
    const res = await h.app.request(`/api/jobs/${jobId}/cancel`, { method: 'POST', headers: { Origin: 'null' } });
    await expectError(res, 403, 'CROSS_ORIGIN');
    expect((await h.t.troupe.getJobOrThrow(jobId)).status).toBe('queued');
  });

  it('refuses a text/plain or form body without any Origin (an old browser): 415, nothing changed', async () => {
    const { h, jobId } = await withQueuedJob();
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      const cancel = await h.app.request(`/api/jobs/${jobId}/cancel`, {
        method: 'POST',
        headers: { 'Content-Type': contentType },
        body: 'x=1',
      });
      await expectError(cancel, 415, 'UNSUPPORTED_MEDIA_TYPE', /application\/json/);
      const start = await h.app.request('/api/jobs', {
        method: 'POST',
        headers: { 'Content-Type': contentType },
        body: JSON.stringify({ actorId: ACTOR_ID, count: 2 }),
      });
      await expectError(start, 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
    expect((await h.t.troupe.getJobOrThrow(jobId)).status).toBe('queued');
    expect(await h.t.troupe.listJobs()).toHaveLength(1);
    expect(h.enqueued).toEqual([]);
  });

  it('refuses a multipart actor upload from a foreign origin: 403, no actor, no files', async () => {
    const h = await openHttp();
    const form = new FormData();
    form.set('id', ACTOR_ID);
    form.set('descriptor', 'woman');
    form.set('baseImage', pngFile(await basePng(h.t)));
    const res = await h.app.request('/api/actors', { method: 'POST', headers: { Origin: EVIL }, body: form });
    await expectError(res, 403, 'CROSS_ORIGIN');
    expect(await h.t.troupe.listActors()).toEqual([]);
    expect(await readdir(path.join(h.t.dataDir, 'actors')).catch(() => [])).toEqual([]);
  });

  it('refuses a foreign-origin delete of an actor', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    const res = await h.app.request(`/api/actors/${ACTOR_ID}`, { method: 'DELETE', headers: { Origin: EVIL } });
    await expectError(res, 403, 'CROSS_ORIGIN');
    expect((await h.t.troupe.listActors()).map((a) => a.id)).toEqual([ACTOR_ID]);
  });

  it('answers a preflight with no CORS grant (403 from a foreign origin, no Access-Control-Allow-* headers)', async () => {
    const h = await openHttp();
    for (const origin of [EVIL, 'http://localhost']) {
      const res = await h.app.request('/api/jobs', {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
        },
      });
      expect(res.status).toBe(origin === EVIL ? 403 : 204);
      for (const name of res.headers.keys()) expect(name).not.toMatch(/^access-control-/);
    }
  });

  it('still serves the page itself: same-origin JSON, multipart and a bare cancel from the UI pass', async () => {
    const h = await openHttp();
    const form = new FormData();
    form.set('id', ACTOR_ID);
    form.set('descriptor', 'woman');
    form.set('baseImage', pngFile(await basePng(h.t)));
    const headers = { Origin: 'http://localhost', 'Sec-Fetch-Site': 'same-origin' };
    expect((await h.app.request('/api/actors', { method: 'POST', headers, body: form })).status).toBe(201);
    const started = await h.app.request('/api/jobs', {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ actorId: ACTOR_ID, count: 2 }),
    });
    expect(started.status).toBe(202);
    const [job] = await h.t.troupe.listJobs();
    const canceled = await h.app.request(`/api/jobs/${job!.id}/cancel`, { method: 'POST', headers });
    expect(canceled.status).toBe(200);
  });
});

describe('troupe serve on a real socket', () => {
  let server: StartedServer | undefined;
  let workDir: string | undefined;
  afterEach(async () => {
    await server?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
    server = undefined;
  });

  async function serve(env: Record<string, string> = {}): Promise<number> {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'troupe-guard-'));
    server = await startServer(loadConfig({ TROUPE_DATA_DIR: path.join(workDir, 'data'), ...env }), {
      port: 0,
      webRoot: undefined,
      overrides: { isLogging: false },
    });
    return Number(new URL(server.url).port);
  }

  it('answers only to its own names with the bound port, plus TROUPE_ALLOWED_HOSTS', async () => {
    const port = await serve({ TROUPE_ALLOWED_HOSTS: 'troupe.lan, 192.168.7.7:9999' });
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'troupe.lan', `TROUPE.lan:${port}`])
      expect((await raw(port, 'GET', '/api/health', { Host: host })).status, host).toBe(200);
    for (const host of ['attacker.example', `attacker.example:${port}`, 'localhost:1', `192.168.7.7:${port}`]) {
      const res = await raw(port, 'GET', '/api/health', { Host: host });
      expect(res.status, host).toBe(403);
      expect(res.body).toContain('HOST_NOT_ALLOWED');
    }
    expect((await raw(port, 'GET', '/api/health', { Host: '192.168.7.7:9999' })).status).toBe(200);
  });

  it('refuses a rebinding POST /api/jobs over the socket and creates nothing', async () => {
    const port = await serve();
    await server!.opened.troupe.addActorFromFile({
      id: ACTOR_ID,
      baseImagePath: path.join(import.meta.dirname, '../../assets/demo/demo-character.svg'),
      descriptor: 'woman',
    });
    const body = JSON.stringify({ actorId: ACTOR_ID, count: 1 });
    const res = await raw(port, 'POST', '/api/jobs', {
      Host: `attacker.example:${port}`,
      'Content-Type': 'application/json',
      Origin: `http://attacker.example:${port}`,
      body,
    });
    expect(res.status).toBe(403);
    expect(await server!.opened.troupe.listJobs()).toEqual([]);
    const foreign = await raw(port, 'POST', '/api/jobs', {
      Host: `127.0.0.1:${port}`,
      'Content-Type': 'application/json',
      Origin: EVIL,
      body,
    });
    expect(foreign.status).toBe(403);
    expect(await server!.opened.troupe.listJobs()).toEqual([]);
  });
});

/** A request with exactly these headers (fetch would not let a test set Host). */
function raw(
  port: number,
  method: string,
  urlPath: string,
  headers: Record<string, string> & { body?: string },
): Promise<{ status: number; body: string }> {
  const { body, ...sent } = headers;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path: urlPath, headers: sent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
