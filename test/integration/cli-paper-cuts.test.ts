import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { runCli } from '../../src/interfaces/cli/run-cli.js';
import type { CliContext } from '../../src/interfaces/cli/cli-context.js';
import { openTroupe } from '../../src/main/open-troupe.js';
import {
  countRows,
  killStrayTroupes,
  makeWorkspace,
  removeWorkspace,
  runTroupe,
  writePortraitPng,
  type Workspace,
} from '../support/run-troupe.js';

const ACTOR = '0001_european_20_female';
let ws: Workspace;

beforeAll(async () => {
  ws = await makeWorkspace();
  const png = await writePortraitPng(path.join(ws.root, 'base.png'));
  expect((await runTroupe(ws, ['actors', 'add', ACTOR, '--base-image', png])).code).toBe(0);
}, 60_000);
afterAll(async () => {
  killStrayTroupes();
  await removeWorkspace(ws);
});

describe('the CLI a new user meets (issue 14)', () => {
  it('prints its version, and help on stdout, also for a bare command group', async () => {
    const version = await runTroupe(ws, ['--version']);
    expect(version).toMatchObject({ code: 0, stdout: '0.1.0\n', stderr: '' });
    for (const args of [[], ['jobs'], ['actors'], ['--help'], ['help', 'generate']]) {
      const result = await runTroupe(ws, args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout, args.join(' ')).toMatch(/^Usage: troupe/);
      expect(result.stderr, args.join(' ')).toBe('');
    }
  });

  it('generate --help lists every provider', async () => {
    const help = await runTroupe(ws, ['generate', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toMatch(
      /--provider <name> image provider: sim \(built in.*replicate \(flux-kontext-pro/,
    );
  });

  it('jobs list --actor-id nobody says the actor does not exist (exit 2)', async () => {
    const result = await runTroupe(ws, ['jobs', 'list', '--actor-id', 'nobody']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Error: Actor nobody not found/);
    expect(result.stdout).toBe('');
  });

  it('jobs list shows times in the local zone', async () => {
    expect((await runTroupe(ws, ['generate', '--actor-id', ACTOR, '--count', '1', '--scenario', 'perfect'])).code).toBe(
      0,
    );
    const list = await runTroupe(ws, ['jobs', 'list'], { env: { TZ: 'Asia/Kolkata' } });
    expect(list.stdout).toMatch(/ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+05:30\n/);
    expect(list.stdout).not.toMatch(/T\d\d:\d\d:\d\d/);
  });

  // 30 attempts on the broken scenario: the long content-filter message (1 in 5) is all but certain to be among them.
  it('jobs show prints every message whole', async () => {
    const failed = await runTroupe(ws, [
      'generate',
      '--actor-id',
      ACTOR,
      '--count',
      '1',
      '--scenario',
      'broken',
      '--max-attempts',
      '30',
    ]);
    const jobId = /Job (job_[A-Za-z0-9_]+)/.exec(failed.stdout)?.[1];
    expect(jobId).toBeDefined();
    const show = await runTroupe(ws, ['jobs', 'show', jobId!]);
    const db = await import('better-sqlite3');
    const conn = new db.default(ws.dbFile, { readonly: true });
    const stored = conn.prepare('select message from attempts where job_id = ?').all(jobId) as { message: string }[];
    conn.close();
    const messages = stored.map((row) => row.message).filter((m) => m !== null);
    expect(Math.max(...messages.map((m) => m.length))).toBeGreaterThan(80);
    for (const message of messages) expect(show.stdout).toContain(message);
  });

  it('actors delete asks for --yes, then deletes the actor', async () => {
    const png = await writePortraitPng(path.join(ws.root, 'other.png'));
    expect((await runTroupe(ws, ['actors', 'add', '0002_other', '--base-image', png])).code).toBe(0);
    const before = countRows(ws.dbFile);
    const asked = await runTroupe(ws, ['actors', 'delete', '0002_other']);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toMatch(
      /no terminal to ask on. Nothing was deleted: run troupe actors delete 0002_other --yes/,
    );
    expect(countRows(ws.dbFile)).toEqual(before);
    const deleted = await runTroupe(ws, ['actors', 'delete', '0002_other', '--yes']);
    expect(deleted).toMatchObject({ code: 0, stdout: 'Deleted actor 0002_other and its 0 images.\n' });
    expect(countRows(ws.dbFile).actors).toBe(before.actors - 1);
    expect((await runTroupe(ws, ['actors', 'delete', '0002_other', '--yes'])).code).toBe(2);
  });
});

const ESC = String.fromCharCode(27);

/** The screen a terminal would show for this output: cursor up, clear line, carriage return and newline. */
function renderScreen(output: string): string[] {
  const lines: string[] = [''];
  let row = 0;
  const parts = output.split(new RegExp(`(${ESC}\\[1A|${ESC}\\[2K|\r|\n)`));
  for (const part of parts) {
    if (part === '\x1b[1A') row = Math.max(0, row - 1);
    else if (part === '\x1b[2K') lines[row] = '';
    else if (part === '\r') continue;
    else if (part === '\n') {
      row += 1;
      lines[row] ??= '';
    } else lines[row] = (lines[row] ?? '') + part.replace(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '');
  }
  return lines;
}

describe('Ctrl-C during generate on a terminal (issue 14)', () => {
  it('leaves no frozen pair of progress bars in the scrollback', async () => {
    let output = '';
    let interrupt: (() => void) | undefined;
    let attemptLines = 0;
    // Ctrl-C comes while the bars are drawn (once an attempt has started): the terminal echoes ^C below them.
    const write = (text: string) => {
      output += text;
      if (/Attempts \S+ +[1-9]\d*\//.test(text)) attemptLines += 1;
      if (attemptLines >= 1 && interrupt) {
        const fire = interrupt;
        interrupt = undefined;
        queueMicrotask(() => {
          output += '^C';
          fire();
        });
      }
      return true;
    };
    const context: CliContext = {
      io: {
        stdout: { write },
        stderr: { write },
        isTty: true,
        onInterrupt: (handler) => {
          interrupt = handler;
          return () => undefined;
        },
      },
      openApp: () => openTroupe(loadConfig({ ...ws.env, TROUPE_SIM_LATENCY_MS: '20-40' }), { isLogging: false }),
      openImportSource: () => Promise.reject(new Error('not used')),
      demoBaseImagePath: '',
      serve: () => Promise.reject(new Error('not used')),
    };
    const code = await runCli(
      ['generate', '--actor-id', ACTOR, '--count', '12', '--scenario', 'perfect', '--concurrency', '1'],
      context,
    );
    expect(code, output).toBe(1);
    const screen = renderScreen(output);
    const barLines = screen.filter((line) => /^(Images |Attempts )/.test(line));
    expect(screen.join('\n')).toContain('Canceling: waiting for runs in flight to stop');
    expect(barLines.length, screen.join('\n')).toBeLessThanOrEqual(2);
  }, 60_000);
});
