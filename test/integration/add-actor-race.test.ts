/**
 * Adding the same actor twice at once: both adds pass the "is it free?" check before either writes. One must win,
 * the other must hear "already exists", and the winner's base image must stay.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import {
  killStrayTroupes,
  makeWorkspace,
  removeWorkspace,
  startTroupe,
  writePortraitPng,
  type Workspace,
} from '../support/run-troupe.js';
import { pngFile, uploadActor, useTestHttp } from '../support/test-http.js';
import { ACTOR_ID, openTestTroupe, removeTestTroupe, type TestTroupe } from '../support/test-troupe.js';

const openHttp = useTestHttp();
let open: TestTroupe[] = [];
let workspaces: Workspace[] = [];
afterEach(async () => {
  killStrayTroupes();
  for (const t of open) await removeTestTroupe(t).catch(() => undefined);
  for (const ws of workspaces) await removeWorkspace(ws);
  open = [];
  workspaces = [];
});

/** Two base images told apart by their size: 640x800 and 700x900 (the stored JPEG keeps the size). */
async function twoPortraits(dir: string): Promise<[string, string]> {
  return [
    await writePortraitPng(path.join(dir, 'first.png'), 640, 800),
    await writePortraitPng(path.join(dir, 'second.png'), 700, 900),
  ];
}

async function storedBaseSize(dataDir: string, actorId: string): Promise<string> {
  const folder = path.join(dataDir, 'actors', actorId, 'base_image');
  const files = await readdir(folder);
  expect(files).toHaveLength(1);
  const { width, height } = await sharp(await readFile(path.join(folder, files[0]!))).metadata();
  return `${width}x${height}`;
}

async function incomingLeftovers(dataDir: string): Promise<string[]> {
  return readdir(path.join(dataDir, 'incoming')).catch(() => []);
}

describe('adding the same actor twice at once', () => {
  it('in one process: one wins, the other is ACTOR_EXISTS, and the winner keeps its base image', async () => {
    const t = await openTestTroupe();
    open.push(t);
    const [first, second] = await twoPortraits(t.workDir);
    const results = await Promise.allSettled([
      t.troupe.addActorFromFile({ id: ACTOR_ID, baseImagePath: first }),
      t.troupe.addActorFromFile({ id: ACTOR_ID, baseImagePath: second }),
    ]);
    const won = results.findIndex((r) => r.status === 'fulfilled');
    expect(won).toBeGreaterThanOrEqual(0);
    const lost = results[1 - won]!;
    expect(lost).toMatchObject({ status: 'rejected', reason: { code: 'ACTOR_EXISTS' } });
    expect(await storedBaseSize(t.dataDir, ACTOR_ID)).toBe(won === 0 ? '640x800' : '700x900');
    expect(await incomingLeftovers(t.dataDir)).toEqual([]);
    expect(await t.troupe.listActors()).toHaveLength(1);
  });

  it('over HTTP: 201 and 409 ACTOR_EXISTS', async () => {
    const h = await openHttp();
    const [first, second] = await twoPortraits(h.t.workDir);
    const responses = await Promise.all(
      [first, second].map(async (file) =>
        uploadActor(h.app, { id: ACTOR_ID }, pngFile(new Uint8Array(await readFile(file)))),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
    const loser = responses.find((r) => r.status === 409)!;
    expect(await loser.json()).toMatchObject({ error: { code: 'ACTOR_EXISTS' } });
    expect(h.loggedErrors).toEqual([]);
    const winner = responses.findIndex((r) => r.status === 201);
    expect(await storedBaseSize(h.t.dataDir, ACTOR_ID)).toBe(winner === 0 ? '640x800' : '700x900');
  });

  it('two real processes: exit 0 and exit 2 "already exists", and the winner keeps its files', async () => {
    const ws = await makeWorkspace();
    workspaces.push(ws);
    const [first, second] = await twoPortraits(ws.root);
    const runs = [first, second].map((file) =>
      startTroupe(ws, ['actors', 'add', '0001_race_woman', '--base-image', file]),
    );
    const results = await Promise.all(runs.map((r) => r.done));
    expect(results.map((r) => r.code).sort()).toEqual([0, 2]);
    const loser = results.find((r) => r.code === 2)!;
    expect(loser.stderr).toMatch(/Actor 0001_race_woman already exists/);
    const winner = results.findIndex((r) => r.code === 0);
    expect(await storedBaseSize(ws.dataDir, '0001_race_woman')).toBe(winner === 0 ? '640x800' : '700x900');
    expect(await incomingLeftovers(ws.dataDir)).toEqual([]);
  });
});
