import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { S3Settings } from '../../src/adapters/storage/s3/s3-settings.js';

/** A real S3-compatible server in a child process, so a test can take it down and bring it back. */
export interface S3rverProcess {
  readonly endpoint: string;
  readonly bucket: string;
  /** Settings that reach this server with the credentials it accepts; overrides win. */
  settings(overrides?: Partial<S3Settings>): S3Settings;
  /** Kills the server (S3 goes down). Safe to repeat. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same objects. */
  restart(): Promise<void>;
}

const MAIN_SCRIPT = fileURLToPath(new URL('./s3rver-main.mjs', import.meta.url));
const READY_TIMEOUT_MS = 15_000;
/** s3rver accepts only this key pair. */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

const children = new Set<ChildProcessWithoutNullStreams>();
const directories = new Set<string>();
// Each child also exits when its stdin closes, which covers this process being killed outright.
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

export async function startS3rver(bucket = 'troupe-test'): Promise<S3rverProcess> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'troupe-s3rver-'));
  directories.add(directory);
  const started = await launch(directory, 0, bucket);
  const port = started.port;
  let child = started.child;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    settings: (overrides = {}) => ({
      bucket,
      prefix: '',
      region: 'us-east-1',
      endpoint,
      forcePathStyle: true,
      credentials: CREDENTIALS,
      ...overrides,
    }),
    stop: () => kill(child),
    restart: async () => {
      await kill(child);
      ({ child } = await launch(directory, port, bucket));
    },
  };
}

async function launch(
  directory: string,
  port: number,
  bucket: string,
): Promise<{ child: ChildProcessWithoutNullStreams; port: number }> {
  const child = spawn(process.execPath, [MAIN_SCRIPT, directory, String(port), bucket], {
    // s3rver signs continuation tokens with DES, which OpenSSL 3 only offers through the legacy provider.
    env: { ...process.env, NODE_OPTIONS: '--openssl-legacy-provider' },
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const readyPort = await waitForPort(child);
  // A test that forgets stop() must not keep this process alive; stdin still ties the child's life to ours.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { unref(): void }).unref();
  return { child, port: readyPort };
}

function waitForPort(child: ChildProcessWithoutNullStreams): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const fail = (reason: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`s3rver ${reason}: ${stderr.trim() || '(no output)'}`));
    };
    const timer = setTimeout(() => fail(`did not start within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code, signal) => fail(`exited (${code ?? signal}) before it was ready`));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      resolve((JSON.parse(stdout.slice(0, newline)) as { port: number }).port);
    });
  });
}

async function kill(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  // Unreferenced, the child's exit alone would not keep this process alive long enough to see it.
  child.ref();
  child.kill('SIGKILL');
  await exited;
}
