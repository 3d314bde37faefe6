import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeReplicate, type FakeReplicate } from '../fakes/fake-replicate/fake-replicate-server.js';
import {
  countRows,
  makeWorkspace,
  removeWorkspace,
  runTroupe,
  snapshotDataDir,
  writePortraitPng,
  type Workspace,
} from '../support/run-troupe.js';

const ACTOR = '0001_european_20_female';
let fake: FakeReplicate;
let ws: Workspace;

beforeAll(async () => {
  fake = await startFakeReplicate({ script: { queueMs: 20, runMs: 60 } });
  ws = await makeWorkspace({
    TROUPE_PROVIDER: 'replicate',
    REPLICATE_API_TOKEN: 'test-token',
    REPLICATE_API_BASE_URL: fake.baseUrl,
    REPLICATE_POLL_INTERVAL_MS: '20',
    REPLICATE_WAIT_SECONDS: '1',
  });
  const base = await writePortraitPng(`${ws.root}/portrait.png`);
  const added = await runTroupe(ws, ['actors', 'add', ACTOR, '--base-image', base, '--descriptor', 'woman']);
  expect(added.code).toBe(0);
});

afterAll(async () => {
  await removeWorkspace(ws);
  await fake.close();
});

describe('troupe generate --provider replicate (real binary, fake Replicate)', () => {
  it('generates a set as a user with a token would, and reports what it spent', async () => {
    const result = await runTroupe(ws, ['generate', '--actor-id', ACTOR, '--count', '3', '--provider', 'replicate']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('on replicate');
    expect(result.stdout).toMatch(/completed: 3\/3 images in 3 attempts, success rate 100\.0%, spent \$0\.12\./);
    expect(fake.billedCount()).toBe(3);
  });

  it.each([
    ['a bad token', { REPLICATE_API_TOKEN: 'wrong' }, /401.*REPLICATE_API_TOKEN/],
    ['an unknown model', { REPLICATE_MODEL: 'nobody/nothing' }, /404.*REPLICATE_MODEL/],
    ['an unreachable API', { REPLICATE_API_BASE_URL: 'http://127.0.0.1:9/v1' }, /network error.*check your network/],
  ])('refuses %s in one clear line, exit 1, recording nothing', async (_name, env, message) => {
    const before = { files: await snapshotDataDir(ws.dataDir), rows: countRows(ws.dbFile) };
    const created = fake.createdCount();
    const result = await runTroupe(ws, ['generate', '--actor-id', ACTOR, '--count', '3', '--provider', 'replicate'], {
      env,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^Error: /);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain('wrong');
    expect(await snapshotDataDir(ws.dataDir)).toEqual(before.files);
    expect(countRows(ws.dbFile)).toEqual(before.rows);
    expect(fake.createdCount()).toBe(created);
  });

  it('without REPLICATE_API_TOKEN, says how to set it (exit 2, nothing recorded)', async () => {
    const rows = countRows(ws.dbFile);
    const result = await runTroupe(ws, ['generate', '--actor-id', ACTOR, '--count', '3', '--provider', 'replicate'], {
      env: { REPLICATE_API_TOKEN: undefined },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^Error: REPLICATE_API_TOKEN is not set: create a token at https:\/\/replicate\.com\/account\/api-tokens/,
    );
    expect(countRows(ws.dbFile)).toEqual(rows);
  });

  it('with no credit, the job stops at its first refusal with the fix, exit 1, no image and nothing billed', async () => {
    fake.script.hasNoCredit = true;
    try {
      const result = await runTroupe(ws, [
        'generate',
        '--actor-id',
        ACTOR,
        '--count',
        '3',
        '--provider',
        'replicate',
        '--concurrency',
        '1',
      ]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/failed: 0\/3 images in 1 attempt,/);
      expect(result.stdout).toContain('add credit to the provider account');
    } finally {
      fake.script.hasNoCredit = false;
    }
  });
});
