import { cp, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/domain/manifest/manifest.js';
import { ACTOR_ID, addTestActor, generate, openTestTroupe } from '../support/test-troupe.js';

async function manifestIn(dataDir: string): Promise<Manifest> {
  return JSON.parse(await readFile(path.join(dataDir, 'actor_manifests', '0001_manifest.json'), 'utf8')) as Manifest;
}

describe('a data folder under any name (issue 16)', () => {
  it("writes the seed's data/actors/... paths, so a renamed or copied folder still audits healthy", async () => {
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'troupe-rename-'));
    try {
      const first = await openTestTroupe({ dataDir: path.join(workDir, 'my-troupe-set') });
      await addTestActor(first);
      await generate(first, { count: 3 });
      await first.close();
      const manifest = await manifestIn(path.join(workDir, 'my-troupe-set'));
      expect(manifest.base_images).toEqual([`data/actors/${ACTOR_ID}/base_image/${ACTOR_ID}_base.jpg`]);
      for (const [file, entry] of Object.entries(manifest.images))
        expect(entry.local_path).toBe(`data/actors/${ACTOR_ID}/training_data/${file}`);

      await rename(path.join(workDir, 'my-troupe-set'), path.join(workDir, 'renamed'));
      await cp(path.join(workDir, 'renamed'), path.join(workDir, 'copy'), { recursive: true });
      for (const folder of ['renamed', 'copy']) {
        const reopened = await openTestTroupe({ dataDir: path.join(workDir, folder) });
        try {
          const { report } = await reopened.troupe.auditActor(ACTOR_ID);
          expect(report.findings, folder).toEqual([]);
          expect(report.isHealthy).toBe(true);
        } finally {
          await reopened.close();
        }
      }
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  });
});
