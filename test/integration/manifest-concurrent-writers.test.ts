import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  killStrayTroupes,
  makeWorkspace,
  removeWorkspace,
  runTroupe,
  startTroupe,
  writePortraitPng,
  type Workspace,
} from '../support/run-troupe.js';

const ACTOR = '0001_european_20_female';
const PROCESSES = 3;
const COUNT = 12;
const workspaces: Workspace[] = [];

afterAll(async () => {
  killStrayTroupes();
  await Promise.all(workspaces.map(removeWorkspace));
});

interface Sample {
  readonly total: number;
  readonly files: readonly string[];
}

/** Reads the manifest every time its folder changes, as a reader (jq, a trainer) would meet it. */
function sampleManifest(file: string): { samples: Sample[]; stop(): Promise<void> } {
  const samples: Sample[] = [];
  let reading = Promise.resolve();
  const read = () => {
    reading = reading.then(async () => {
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) return;
      const manifest = JSON.parse(text) as { total_images: number; images: Record<string, unknown> };
      samples.push({ total: manifest.total_images, files: Object.keys(manifest.images) });
    });
  };
  const watcher = watch(path.dirname(file), read);
  return {
    samples,
    stop: async () => {
      watcher.close();
      await reading;
    },
  };
}

describe('concurrent generate processes on one actor (issue 16)', () => {
  it('never publish an older manifest over a newer one: entries never vanish, total_images never drops', async () => {
    const ws = await makeWorkspace();
    workspaces.push(ws);
    const png = await writePortraitPng(path.join(ws.root, 'base.png'));
    expect((await runTroupe(ws, ['actors', 'add', ACTOR, '--base-image', png])).code).toBe(0);
    const manifestFile = path.join(ws.dataDir, 'actor_manifests', '0001_manifest.json');
    const sampler = sampleManifest(manifestFile);
    const args = ['generate', '--actor-id', ACTOR, '--count', String(COUNT), '--scenario', 'perfect'];
    const runs = Array.from({ length: PROCESSES }, () => startTroupe(ws, args, { timeoutMs: 90_000 }).done);
    const results = await Promise.all(runs);
    await sampler.stop();
    for (const result of results) expect(result.code, result.stderr).toBe(0);

    const { samples } = sampler;
    expect(samples.length).toBeGreaterThan(PROCESSES * COUNT);
    const backwards: string[] = [];
    for (let i = 1; i < samples.length; i += 1) {
      const [before, after] = [samples[i - 1]!, samples[i]!];
      const vanished = before.files.filter((f) => !after.files.includes(f));
      if (after.total < before.total || vanished.length > 0)
        backwards.push(`#${i}: ${before.total} -> ${after.total}, gone: ${vanished.join(', ')}`);
    }
    expect(backwards).toEqual([]);
    const final = JSON.parse(await readFile(manifestFile, 'utf8')) as { total_images: number };
    expect(final.total_images).toBe(PROCESSES * COUNT);
  }, 120_000);
});
