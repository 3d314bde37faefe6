import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import sharp from 'sharp';

/** The real binary; vitest's global setup compiles dist/ before any test runs. */
export const TROUPE_BIN = fileURLToPath(new URL('../../bin/troupe.js', import.meta.url));

export interface TroupeResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A temp folder per test: the CLI runs with `root` as its cwd and `root/data` as its data dir. */
export interface Workspace {
  readonly root: string;
  readonly dataDir: string;
  readonly dbFile: string;
  readonly env: Readonly<Record<string, string>>;
}

export interface RunOptions {
  /** Added to (or, with undefined, removed from) the workspace's environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Working directory, relative to the workspace root; the root itself by default. */
  readonly cwd?: string;
  readonly timeoutMs?: number;
}

export interface RunningTroupe {
  readonly child: ChildProcess;
  /** Settles when the process exits; rejects (after killing it) when it outlives its timeout. */
  readonly done: Promise<TroupeResult>;
  /** What the process has written so far. */
  output(): { readonly stdout: string; readonly stderr: string };
  /** Resolves once stdout (or stderr) matches; rejects when the process exits first or after `timeoutMs`. */
  waitFor(pattern: RegExp, options?: { stream?: 'stdout' | 'stderr'; timeoutMs?: number }): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const running = new Set<ChildProcess>();

export async function makeWorkspace(env: Readonly<Record<string, string>> = {}): Promise<Workspace> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'troupe-bin-'));
  const dataDir = path.join(root, 'data');
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k, v]) => !/^(TROUPE|REPLICATE|S3|AWS)_/.test(k) && v !== undefined),
  );
  return {
    root,
    dataDir,
    dbFile: path.join(dataDir, 'troupe.db'),
    env: { ...(inherited as Record<string, string>), TROUPE_DATA_DIR: dataDir, TROUPE_SIM_LATENCY_MS: '5-20', ...env },
  };
}

export async function removeWorkspace(ws: Workspace): Promise<void> {
  await rm(ws.root, { recursive: true, force: true });
}

/** Starts `node bin/troupe.js ...args` in the workspace and collects its output. */
export function startTroupe(ws: Workspace, args: readonly string[], options: RunOptions = {}): RunningTroupe {
  const env = Object.fromEntries(Object.entries({ ...ws.env, ...options.env }).filter(([, v]) => v !== undefined));
  const child = spawn(process.execPath, [TROUPE_BIN, ...args], {
    cwd: path.resolve(ws.root, options.cwd ?? '.'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
  const done = new Promise<TroupeResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`troupe ${args.join(' ')} timed out\nstdout:\n${output.stdout}\nstderr:\n${output.stderr}`));
    }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, signal, ...output });
    });
  });
  const waitFor: RunningTroupe['waitFor'] = (pattern, { stream = 'stdout', timeoutMs = DEFAULT_TIMEOUT_MS } = {}) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(output[stream])) return;
        cleanUp();
        resolve();
      };
      const onExit = () => {
        cleanUp();
        reject(
          new Error(
            `troupe exited before ${stream} matched ${pattern}\nstdout:\n${output.stdout}\nstderr:\n${output.stderr}`,
          ),
        );
      };
      const timer = setTimeout(() => {
        cleanUp();
        reject(new Error(`${stream} did not match ${pattern} within ${timeoutMs} ms\nstdout:\n${output.stdout}`));
      }, timeoutMs);
      const cleanUp = () => {
        clearTimeout(timer);
        child[stream].off('data', check);
        child.off('close', onExit);
      };
      child[stream].on('data', check);
      child.on('close', onExit);
      check();
    });
  return { child, done, waitFor, output: () => ({ ...output }) };
}

export function runTroupe(ws: Workspace, args: readonly string[], options: RunOptions = {}): Promise<TroupeResult> {
  return startTroupe(ws, args, options).done;
}

/** Kills whatever a failed test left running (only processes this module started). */
export function killStrayTroupes(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/**
 * sha256 of every file (and the name of every folder) under the data dir, keyed by relative path, except the
 * database (`troupe.db*`, which every command opens) and `logs/`.
 */
export async function snapshotDataDir(dir: string): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  const walk = async (relative: string): Promise<void> => {
    const entries = await readdir(path.join(dir, relative), { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const key = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (relative === '' && (entry.name.startsWith('troupe.db') || entry.name === 'logs')) continue;
      if (entry.isDirectory()) {
        snapshot[`${key}/`] = 'dir';
        await walk(key);
      } else {
        snapshot[key] = createHash('sha256')
          .update(await readFile(path.join(dir, key)))
          .digest('hex');
      }
    }
  };
  if (existsSync(dir)) await walk('');
  return snapshot;
}

export interface RowCounts {
  readonly actors: number;
  readonly images: number;
  readonly generation_jobs: number;
  readonly attempts: number;
}

const COUNTED_TABLES = ['actors', 'images', 'generation_jobs', 'attempts'] as const;

/** Row counts of Troupe's tables, read-only; zeros when there is no database yet. */
export function countRows(dbFile: string): RowCounts {
  if (!existsSync(dbFile)) return { actors: 0, images: 0, generation_jobs: 0, attempts: 0 };
  return withDb(dbFile, (db) => {
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return Object.fromEntries(COUNTED_TABLES.map((table) => [table, count(table)])) as unknown as RowCounts;
  });
}

/** Runs `work` on the SQLite file, read-only unless asked otherwise, and always closes it. */
export function withDb<T>(
  dbFile: string,
  work: (db: Database.Database) => T,
  options: { isWritable?: boolean } = {},
): T {
  const db = new Database(dbFile, { readonly: !options.isWritable, fileMustExist: true });
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/** A detailed, colorful PNG portrait (or any size, for images that must be refused). */
export async function writePortraitPng(file: string, widthPx = 640, heightPx = 800): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${widthPx}" height="${heightPx}" viewBox="0 0 640 800" preserveAspectRatio="none">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#f4a"/><stop offset="1" stop-color="#3af"/></linearGradient></defs>
    <rect width="640" height="800" fill="url(#g)"/><circle cx="320" cy="300" r="150" fill="#fc9"/>
    <circle cx="270" cy="280" r="18" fill="#235"/><circle cx="370" cy="280" r="18" fill="#235"/>
    <path d="M250 370 Q320 420 390 370" stroke="#a33" stroke-width="10" fill="none"/>
    <rect x="170" y="480" width="300" height="320" rx="60" fill="#2a7"/></svg>`;
  await sharp(Buffer.from(svg)).png().toFile(file);
  return file;
}
