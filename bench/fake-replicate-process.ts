// Starts and stops the fake Replicate child (fake-replicate-child.ts) for the real-engine benchmarks.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface FakeProcessSettings {
  /** True success rate of one prediction. */
  readonly p: number;
  readonly seed: number;
  /** Scripted `starting` then `processing` time: the nominal latency L is their sum. */
  readonly queueMs: number;
  readonly runMs: number;
  /** How long a create with `Prefer: wait` is held open at most; omitted: as Replicate's sync mode (HOLD_MS). */
  readonly holdMs?: number;
}

export interface FakeProcess {
  readonly baseUrl: string;
  close(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./fake-replicate-child.ts', import.meta.url));
/** Replicate's sync mode holds a create up to `Prefer: wait=N` seconds (Troupe sends 5): the fake does the same. */
const HOLD_MS = 60_000;
const OUTPUT_POOL = 32;

export async function startFakeProcess(settings: FakeProcessSettings): Promise<FakeProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, JSON.stringify({ holdMs: HOLD_MS, ...settings, outputPool: OUTPUT_POOL })],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const baseUrl = await firstLine(child);
  return {
    baseUrl,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function firstLine(child: ChildProcess): Promise<string> {
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    lines.close();
    return (JSON.parse(line) as { baseUrl: string }).baseUrl;
  }
  throw new Error('The fake Replicate process exited before it was ready.');
}
