import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, it, type ExpectStatic } from 'vitest';
import {
  countRows,
  killStrayTroupes,
  makeWorkspace,
  removeWorkspace,
  runTroupe,
  snapshotDataDir,
  writePortraitPng,
  type TroupeResult,
  type Workspace,
} from '../support/run-troupe.js';

const ACTOR = '0001_european_20_female';
const LONG_ID = 'a'.repeat(200);
const BAD_IDS = ['../x', 'a/b', '', LONG_ID, 'émile', 'UPPER'];
const BAD_ID_FRAGMENTS: Record<string, string> = {
  '../x': 'Actor id "../x" is invalid',
  'a/b': 'Actor id "a/b" is invalid',
  '': 'Actor id is empty',
  [LONG_ID]: 'is 200 characters long',
  émile: 'Actor id "émile" is invalid',
  UPPER: 'Actor id "UPPER" is invalid',
};

interface BadCase {
  readonly name: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** What the one `Error: ` line must say; undefined for commander's own messages (exit 2 is all we ask). */
  readonly fragments?: readonly string[];
}

const generate = (...extra: string[]) => ['generate', '--actor-id', ACTOR, ...extra];
const addNew = (image: string, id = '0002_new') => ['actors', 'add', id, '--base-image', image];

const CASES: readonly BadCase[] = [
  ...BAD_IDS.map((id) => ({
    name: `generate for actor id ${JSON.stringify(id.slice(0, 12))}`,
    args: ['generate', '--actor-id', id, '--count', '3'],
    fragments: [BAD_ID_FRAGMENTS[id]!],
  })),
  ...BAD_IDS.map((id) => ({
    name: `actors add ${JSON.stringify(id.slice(0, 12))}`,
    args: addNew('base.png', id),
    fragments: [BAD_ID_FRAGMENTS[id]!],
  })),
  {
    name: 'an unknown actor',
    args: ['generate', '--actor-id', '0002_nobody', '--count', '3'],
    fragments: ['Actor 0002_nobody not found'],
  },
  ...['0', '-1', '1.5', '1e9', 'abc'].map((count) => ({
    name: `--count ${count}`,
    args: generate('--count', count),
    fragments: [`Count must be a whole number from 1 to 1000, got "${count}"`],
  })),
  {
    name: '--max-attempts below --count',
    args: generate('--count', '5', '--max-attempts', '2'),
    fragments: ['Max attempts 2 is below the 5 images'],
  },
  {
    name: '--types with an unknown type',
    args: generate('--types', 'bogus=3'),
    fragments: ['"bogus=3" is not a type'],
  },
  {
    name: '--types that disagrees with --count',
    args: generate('--types', 'photorealistic=2', '--count', '5'),
    fragments: ['--count 5 does not match --types, which adds up to 2'],
  },
  {
    name: '--cost-cap -1',
    args: generate('--count', '3', '--cost-cap', '-1'),
    fragments: ['Cost cap must be an amount of dollars above 0', '"-1"'],
  },
  {
    name: '--concurrency 0',
    args: generate('--count', '3', '--concurrency', '0'),
    fragments: ['Concurrency must be a whole number from 1 to 32, got "0"'],
  },
  {
    name: '--scenario nope',
    args: generate('--count', '3', '--scenario', 'nope'),
    fragments: ['Unknown sim scenario "nope"'],
  },
  {
    name: '--provider nope',
    args: generate('--count', '3', '--provider', 'nope'),
    fragments: ['Unknown provider "nope"'],
  },
  {
    name: 'a missing base image',
    args: addNew('missing.png'),
    fragments: ['Cannot read missing.png: it does not exist'],
  },
  {
    name: 'a text file named .jpg',
    args: addNew('not-an-image.jpg'),
    fragments: ['not-an-image.jpg is not a readable image'],
  },
  { name: 'a 100x100 base image', args: addNew('tiny.png'), fragments: ['100x100 px', 'at least 256 px'] },
  { name: 'an existing actor id', args: addNew('base.png', ACTOR), fragments: [`Actor ${ACTOR} already exists`] },
  {
    name: 'an id that shares a manifest',
    args: addNew('base.png', '0001_other'),
    fragments: [`would share the manifest 0001_manifest.json with actor ${ACTOR}`],
  },
  {
    name: 'a prompts file that is not JSON',
    args: generate('--count', '3', '--prompts', 'broken.json'),
    fragments: ['broken.json is not valid JSON'],
  },
  {
    name: 'a prompts file with a bad entry',
    args: generate('--count', '3', '--prompts', 'bad-entry.json'),
    fragments: ['prompts[0].type must be one of'],
  },
  {
    name: 'TROUPE_CONCURRENCY=abc',
    args: generate('--count', '3'),
    env: { TROUPE_CONCURRENCY: 'abc' },
    fragments: ['Invalid configuration', 'TROUPE_CONCURRENCY'],
  },
  {
    name: 'two bad environment variables',
    args: generate('--count', '3'),
    env: { TROUPE_CONCURRENCY: 'abc', TROUPE_SIM_LATENCY_MS: 'fast' },
    fragments: ['TROUPE_CONCURRENCY', 'TROUPE_SIM_LATENCY_MS'],
  },
  {
    name: 'TROUPE_DATA_DIR naming a regular file',
    args: ['actors', 'list'],
    env: { TROUPE_DATA_DIR: 'a-file' },
    fragments: ['TROUPE_DATA_DIR', 'a-file'],
  },
  {
    name: 'TROUPE_DATA_DIR under /proc, where folders cannot be made (it used to spin at 100% CPU)',
    args: ['actors', 'list'],
    env: { TROUPE_DATA_DIR: '/proc/troupe-data' },
    fragments: ['Cannot use data directory /proc/troupe-data', 'TROUPE_DATA_DIR'],
  },
  {
    name: 'TROUPE_DATA_DIR naming a folder that cannot hold files',
    args: ['actors', 'list'],
    env: { TROUPE_DATA_DIR: '/proc/self' },
    fragments: ['Cannot use data directory /proc/self', 'TROUPE_DATA_DIR'],
  },
  {
    name: 'a short TROUPE_API_KEY, named without being echoed',
    args: ['actors', 'list'],
    env: { TROUPE_API_KEY: 'sesame-opens' },
    fragments: ['TROUPE_API_KEY (value not shown) is invalid'],
  },
  { name: 'jobs show of an unknown job', args: ['jobs', 'show', 'job_nope'], fragments: ['Job job_nope not found'] },
  { name: 'jobs list --status nope', args: ['jobs', 'list', '--status', 'nope'], fragments: ['Unknown status "nope"'] },
  { name: 'generate without --actor-id', args: ['generate', '--count', '3'] },
];

let template: Workspace;
const workspaces: Workspace[] = [];

/** One actor and one finished job, plus the bad files the cases point at (paths relative to the cwd). */
beforeAll(async () => {
  template = await makeWorkspace();
  workspaces.push(template);
  await writePortraitPng(path.join(template.root, 'base.png'));
  await writePortraitPng(path.join(template.root, 'tiny.png'), 100, 100);
  await writeFile(path.join(template.root, 'not-an-image.jpg'), 'this is plain text, not a JPEG\n');
  await writeFile(path.join(template.root, 'broken.json'), '{"prompts": [');
  await writeFile(
    path.join(template.root, 'bad-entry.json'),
    JSON.stringify({ prompts: [{ id: 'x', type: 'sepia', template: 'A {descriptor}' }] }),
  );
  await writeFile(path.join(template.root, 'a-file'), 'not a folder\n');
  for (const args of [
    ['actors', 'add', ACTOR, '--base-image', 'base.png', '--descriptor', 'woman'],
    generate('--count', '2', '--scenario', 'perfect'),
  ]) {
    const result = await runTroupe(template, args);
    if (result.code !== 0) throw new Error(`setup failed: troupe ${args.join(' ')}\n${result.stdout}${result.stderr}`);
  }
}, 60_000);

afterAll(async () => {
  killStrayTroupes();
  await Promise.all(workspaces.map(removeWorkspace));
});

async function copyOfTemplate(): Promise<Workspace> {
  const ws = await makeWorkspace();
  workspaces.push(ws);
  await cp(template.root, ws.root, { recursive: true });
  return ws;
}

function describeRun(result: TroupeResult): string {
  return `exit ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
}

/** Runs a bad command on a fresh copy of the template and checks it was refused with exit 2 and changed nothing. */
async function expectRefusedWithoutChange(badCase: BadCase, expect: ExpectStatic): Promise<void> {
  const ws = await copyOfTemplate();
  const before = { files: await snapshotDataDir(ws.dataDir), rows: countRows(ws.dbFile) };
  expect(before.rows).toEqual({ actors: 1, images: 2, generation_jobs: 1, attempts: 2 });

  const result = await runTroupe(ws, badCase.args, { env: badCase.env });

  expect(result.code, describeRun(result)).toBe(2);
  if (badCase.fragments) {
    expect(result.stderr, describeRun(result)).toMatch(/^Error: [^\n]+\n$/);
    for (const fragment of badCase.fragments) expect(result.stderr).toContain(fragment);
    expect(result.stdout).toBe('');
  } else {
    expect(result.stderr).toContain('--actor-id');
  }
  expect(await snapshotDataDir(ws.dataDir)).toEqual(before.files);
  expect(countRows(ws.dbFile)).toEqual(before.rows);
}

describe.concurrent(
  'troupe CLI refuses bad input with exit 2, one clear line, and no change',
  { timeout: 60_000 },
  () => {
    it.for(CASES)('$name', (badCase, { expect }) => expectRefusedWithoutChange(badCase, expect));

    // Bug: demo creates its actor (row, base image, manifest; stdout "Created demo actor ...") before it validates
    // --count and --scenario, then exits 2, which promises that nothing was changed.
    it('demo --count 0', ({ expect }) =>
      expectRefusedWithoutChange(
        { name: 'demo --count 0', args: ['demo', '--count', '0'], fragments: ['Count must be a whole number'] },
        expect,
      ));
  },
);
