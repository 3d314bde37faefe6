import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { callFake } from './call-fake.js';
import { startFakeReplicate, type FakeReplicate } from './fake-replicate-server.js';

const FileJson = z.object({
  id: z.string(),
  name: z.string(),
  content_type: z.string(),
  size: z.number(),
  etag: z.string(),
  checksums: z.object({ sha256: z.string() }),
  metadata: z.unknown(),
  created_at: z.string(),
  expires_at: z.string(),
  urls: z.object({ get: z.string() }),
});

const NOW_MS = Date.parse('2026-03-01T12:00:00.000Z');

let fake: FakeReplicate | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function upload(replicate: FakeReplicate, bytes: Buffer, token = 'test-token'): Promise<Response> {
  const form = new FormData();
  form.append('content', new Blob([bytes], { type: 'image/jpeg' }), 'base.jpg');
  form.append('metadata', new Blob([JSON.stringify({ actor: 'a1' })], { type: 'application/json' }));
  return fetch(`${replicate.baseUrl}/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
}

describe('fake Replicate: files', () => {
  it('stores a multipart upload and describes it as Replicate does', async () => {
    fake = await startFakeReplicate({ now: () => NOW_MS });
    const bytes = Buffer.from('not really a jpeg, but bytes all the same');
    const response = await upload(fake, bytes);
    const file = FileJson.parse(await response.json());

    expect(response.status).toBe(201);
    expect(file).toMatchObject({
      name: 'base.jpg',
      content_type: 'image/jpeg',
      size: bytes.length,
      metadata: { actor: 'a1' },
      created_at: '2026-03-01T12:00:00.000Z',
      checksums: { sha256: createHash('sha256').update(bytes).digest('hex') },
      urls: { get: `${fake.baseUrl}/files/${file.id}` },
    });
    expect(Date.parse(file.expires_at)).toBeGreaterThan(NOW_MS);
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/v1/files', body: undefined });
  });

  it('returns the metadata at urls.get and the bytes at /download, both only with a valid token', async () => {
    fake = await startFakeReplicate();
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const file = FileJson.parse(await (await upload(fake, bytes)).json());
    const metadata = await callFake(fake, 'GET', file.urls.get);
    const download = await fetch(`${file.urls.get}/download`, { headers: { authorization: 'Bearer test-token' } });
    const anonymous = await fetch(`${file.urls.get}/download`);

    expect(FileJson.parse(metadata.json).id).toBe(file.id);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    expect(anonymous.status).toBe(401);
  });

  it('rejects an upload without a content part or with a wrong token', async () => {
    fake = await startFakeReplicate();
    const form = new FormData();
    form.append('filename', 'x.jpg');
    const noContent = await fetch(`${fake.baseUrl}/files`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-token' },
      body: form,
    });

    expect(noContent.status).toBe(400);
    expect((await upload(fake, Buffer.from('x'), 'wrong')).status).toBe(401);
    expect((await callFake(fake, 'GET', '/files/nosuchfile')).status).toBe(404);
  });
});
