import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { ConfigSchema, JobSchema } from '../../src/interfaces/http/schemas.js';
import { startServer } from '../../src/main/start-server.js';
import { expectError, expectJson, send, useTestHttp } from '../support/test-http.js';
import { ACTOR_ID, addTestActor } from '../support/test-troupe.js';

const openHttp = useTestHttp();
const API_KEY = 'k'.repeat(20);
const REPLICATE_TOKEN = 'r8_RECOGNISABLE_SECRET_TOKEN_0123456789';

describe('GET /api/config and /api/health', () => {
  it('says what a new job can choose', async () => {
    const h = await openHttp();
    const config = await expectJson(await h.app.request('/api/config'), 200, ConfigSchema);
    expect(config).toEqual({
      providers: ['sim', 'replicate'],
      defaultProvider: 'sim',
      scenarios: ['perfect', 'high', 'medium', 'low', 'broken', 'drift'],
      defaultScenario: 'high',
      priceUsd: 0.04,
      defaultConcurrency: 4,
      maxConcurrency: 32,
      maxImagesPerJob: 1000,
    });
  });

  it('answers the health check', async () => {
    const h = await openHttp();
    expect(await expectJson(await h.app.request('/api/health'), 200, z.object({ ok: z.literal(true) }))).toEqual({
      ok: true,
    });
  });
});

describe('GET /api/openapi.json', () => {
  it('documents the API as OpenAPI 3 with its routes and schemas', async () => {
    const h = await openHttp();
    const doc = await expectJson(
      await h.app.request('/api/openapi.json'),
      200,
      z.object({
        openapi: z.string(),
        paths: z.record(z.string(), z.unknown()),
        components: z.object({ schemas: z.record(z.string(), z.unknown()) }),
      }),
    );
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/actors',
        '/api/actors/{id}',
        '/api/jobs',
        '/api/jobs/preview',
        '/api/jobs/{id}',
        '/api/actors/{id}/images',
        '/api/config',
      ]),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'Job',
        'Attempt',
        'Actor',
        'Image',
        'Error',
        'GenerationRequest',
        'GenerationPreview',
        'Config',
      ]),
    );
  });
});

describe('GET /api/openapi.json covers every route', () => {
  it('documents every method and path the app serves under /api, images and event streams included', async () => {
    const h = await openHttp();
    const doc = (await (await h.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const served = h.app.routes
      .filter((r) => r.path.startsWith('/api/') && !r.path.includes('*') && r.path !== '/api/openapi.json')
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method} ${path}`),
    );
    expect(served.length).toBeGreaterThan(15);
    expect(documented).toEqual(expect.arrayContaining([...new Set(served)]));
    expect(documented).toEqual(
      expect.arrayContaining([
        'get /api/actors/{id}/images/{imageId}/thumbnail',
        'get /api/actors/{id}/images/{imageId}/original',
        'get /api/actors/{id}/base-image',
        'get /api/events',
        'get /api/jobs/{id}/events',
      ]),
    );
  });
});

describe('unknown routes', () => {
  it('answers an unknown /api route with a 404 JSON error that points at the OpenAPI document', async () => {
    const h = await openHttp();
    await expectError(
      await h.app.request('/api/nope'),
      404,
      'NOT_FOUND',
      /No API route GET \/api\/nope: see \/api\/openapi\.json/,
    );
    await expectError(
      await h.app.request('/api/actors', { method: 'PUT' }),
      404,
      'NOT_FOUND',
      /No API route PUT \/api\/actors/,
    );
  });
});

describe('API key', () => {
  it('requires the key on every /api route, as a Bearer header, the troupe_api_key cookie or an access_token query', async () => {
    const h = await openHttp({ apiKey: API_KEY });
    for (const [url, headers] of [
      ['/api/config', {}],
      ['/api/health', {}],
      ['/api/openapi.json', {}],
      ['/api/config', { Authorization: `Bearer ${'x'.repeat(20)}` }],
      ['/api/config', { Authorization: `Bearer ${API_KEY}x` }],
      ['/api/config', { Authorization: API_KEY }],
      [`/api/config?access_token=${'x'.repeat(20)}`, {}],
      ['/api/config', { Cookie: `troupe_api_key=${'x'.repeat(20)}` }],
    ] as const) {
      const message = await expectError(
        await h.app.request(url, { headers }),
        401,
        'UNAUTHORIZED',
        /requires its API key \(TROUPE_API_KEY\): send it as "Authorization: Bearer <key>"/,
      );
      expect(message).not.toContain(API_KEY);
    }
    expect((await h.app.request('/api/config', { headers: { Authorization: `Bearer ${API_KEY}` } })).status).toBe(200);
    expect((await h.app.request(`/api/config?access_token=${API_KEY}`)).status).toBe(200);
    expect((await h.app.request('/api/config', { headers: { Cookie: `troupe_api_key=${API_KEY}` } })).status).toBe(200);
    expect(
      (await send(h.app, 'POST', '/api/jobs/preview', { actorId: ACTOR_ID }, { Authorization: `Bearer ${API_KEY}` }))
        .status,
    ).toBe(404);
  });

  it('checks the key before reading an upload', async () => {
    const h = await openHttp({ apiKey: API_KEY });
    const form = new FormData();
    form.set('id', ACTOR_ID);
    form.set('baseImage', new File([new Uint8Array(1024)], 'x.png', { type: 'image/png' }));
    await expectError(await h.app.request('/api/actors', { method: 'POST', body: form }), 401, 'UNAUTHORIZED');
    expect(await h.t.troupe.listActors()).toEqual([]);
  });
});

describe('secrets', () => {
  it('never shows the provider token or the API key in config or job answers', async () => {
    const h = await openHttp({ apiKey: API_KEY, env: { REPLICATE_API_TOKEN: REPLICATE_TOKEN } });
    await addTestActor(h.t);
    const auth = { Authorization: `Bearer ${API_KEY}` };
    const bodies = [
      await (await h.app.request('/api/config', { headers: auth })).text(),
      await (
        await send(h.app, 'POST', '/api/jobs/preview', { actorId: ACTOR_ID, count: 2, provider: 'replicate' }, auth)
      ).text(),
    ];
    const created = await send(h.app, 'POST', '/api/jobs', { actorId: ACTOR_ID, count: 2 }, auth);
    const { job } = await expectJson(created.clone(), 202, z.object({ job: JobSchema }));
    bodies.push(await created.text(), await (await h.app.request(`/api/jobs/${job.id}`, { headers: auth })).text());
    bodies.push(
      await (await h.app.request('/api/jobs', { headers: auth })).text(),
      await (await h.app.request(`/api/actors/${ACTOR_ID}`, { headers: auth })).text(),
    );
    expect(bodies[1]).toContain('"provider":"replicate"');
    for (const body of bodies) {
      expect(body).not.toContain(REPLICATE_TOKEN);
      expect(body).not.toContain(API_KEY);
    }
  });
});

describe('static web UI', () => {
  let workDir: string;
  let webRoot: string;
  const INDEX = '<!doctype html><title>Troupe</title>';
  const SECRET = 'root:x:0:0:not-for-the-web';
  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'troupe-web-'));
    webRoot = path.join(workDir, 'web');
    await mkdir(path.join(webRoot, 'assets'), { recursive: true });
    await writeFile(path.join(webRoot, 'index.html'), INDEX);
    await writeFile(path.join(webRoot, 'assets', 'app.js'), 'console.log("troupe");');
    await writeFile(path.join(workDir, 'secret.txt'), SECRET);
  });
  afterAll(() => rm(workDir, { recursive: true, force: true }));

  it('serves index.html for / and for client-side routes, not cached', async () => {
    const h = await openHttp({ webRoot });
    for (const url of ['/', '/actors/x', '/jobs/job_123']) {
      const res = await h.app.request(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toBe(INDEX);
    }
  });

  it('serves assets as JavaScript with an immutable cache header, and 404 for a missing file', async () => {
    const h = await openHttp({ webRoot });
    const res = await h.app.request('/assets/app.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toBe('console.log("troupe");');
    expect((await h.app.request('/assets/missing.js')).status).toBe(404);
  });

  it('never serves a file outside the web root', async () => {
    const h = await openHttp({ webRoot });
    for (const url of [
      '/../../etc/passwd',
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%252fsecret.txt',
      '/..\\secret.txt',
      '/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    ]) {
      const res = await h.app.request(url);
      const body = await res.text();
      expect([200, 404], url).toContain(res.status);
      expect(body, url).not.toContain('not-for-the-web');
      expect(body, url).not.toContain('root:');
      if (res.status === 200) expect(body, url).toBe(INDEX);
    }
  });

  it('keeps /api routes as JSON when the UI is served', async () => {
    const h = await openHttp({ webRoot });
    await expectError(await h.app.request('/api/nope'), 404, 'NOT_FOUND');
  });
});

describe('startServer', () => {
  it('refuses to listen off loopback without TROUPE_API_KEY, before opening anything', async () => {
    const dataDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'troupe-serve-')), 'data');
    const started = startServer(loadConfig({ TROUPE_DATA_DIR: dataDir }), {
      host: '0.0.0.0',
      port: 0,
      overrides: { isLogging: false },
    });
    await expect(started).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message: expect.stringContaining('TROUPE_API_KEY'),
    });
    await expect(started).rejects.toThrow(/Refusing to listen on 0\.0\.0\.0 without an API key/);
    await rm(path.dirname(dataDir), { recursive: true, force: true });
  });
});

/** Requests Hono itself rejects are the client's mistake: a 4xx JSON error, never a logged 500. */
describe('unparseable requests', () => {
  it('a malformed JSON body is a 400 INVALID_INPUT, not a logged 500', async () => {
    const h = await openHttp();
    await addTestActor(h.t);
    const res = await h.app.request('/api/jobs/preview', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"actorId":',
    });
    await expectError(res, 400, 'INVALID_INPUT');
    expect(h.loggedErrors).toEqual([]);
  });

  it('a JSON body sent without Content-Type: application/json is a 4xx, not a logged 500', async () => {
    const h = await openHttp();
    const res = await h.app.request('/api/jobs/preview', {
      method: 'POST',
      body: JSON.stringify({ actorId: ACTOR_ID, count: 2 }),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(h.loggedErrors).toEqual([]);
  });

  it('a JSON body sent to the multipart upload is a 4xx, not a logged 500', async () => {
    const h = await openHttp();
    const res = await send(h.app, 'POST', '/api/actors', { id: ACTOR_ID });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(h.loggedErrors).toEqual([]);
  });

  it('a malformed percent-escape in a web UI path is not a logged 500', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-web-'));
    await writeFile(path.join(dir, 'index.html'), 'index');
    try {
      const h = await openHttp({ webRoot: dir });
      const res = await h.app.request('/actors/%E0%A4%A');
      expect(res.status).toBeLessThan(500);
      expect(h.loggedErrors).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
