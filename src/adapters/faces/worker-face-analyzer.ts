import { availableParallelism } from 'node:os';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FaceAnalyzer } from '../../app/ports.js';
import { TroupeError } from '../../domain/errors/troupe-error.js';
import type { FaceAnalysis } from '../../domain/identity/face-analysis.js';
import { DEFAULT_FACE_ENGINE_OPTIONS, type FaceEngineOptions } from './face-api-engine.js';
import type { WorkerReply, WorkerRequest } from './worker-messages.js';

interface Pending {
  readonly thread: Thread;
  readonly resolve: (analysis: FaceAnalysis) => void;
  readonly reject: (error: Error) => void;
}

interface Thread {
  readonly worker: Worker;
  inFlight: number;
}

/** Two threads use both cores of a small machine for a whole set; a single image never waits for more. */
const DEFAULT_THREADS = Math.max(1, Math.min(2, availableParallelism()));
const RECENT_LIMIT = 256;

/**
 * The FaceAnalyzer of a process: worker threads started on demand, each loading the models once and keeping them for
 * the process's life. Requests go to the least busy thread. Idle threads are unreferenced, so they never keep a
 * finished CLI command alive.
 */
export class WorkerFaceAnalyzer implements FaceAnalyzer {
  private readonly threads: Thread[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** The same bytes analysed again in this process (another data dir, a retried request) cost a lookup. */
  private readonly recent = new Map<string, Promise<FaceAnalysis>>();

  constructor(
    private readonly options: FaceEngineOptions = DEFAULT_FACE_ENGINE_OPTIONS,
    private readonly maxThreads = DEFAULT_THREADS,
  ) {}

  analyze(bytes: Uint8Array): Promise<FaceAnalysis> {
    const key = createHash('sha256').update(bytes).digest('hex');
    const remembered = this.recent.get(key);
    if (remembered) return remembered;
    const analysis = this.analyzeOnThread(bytes);
    this.recent.set(key, analysis);
    if (this.recent.size > RECENT_LIMIT) this.recent.delete(this.recent.keys().next().value!);
    analysis.catch(() => this.recent.delete(key));
    return analysis;
  }

  private analyzeOnThread(bytes: Uint8Array): Promise<FaceAnalysis> {
    const thread = this.pickThread();
    const id = this.nextId++;
    // A copy the thread can own: store reads may be views into a shared pool.
    const copy = new Uint8Array(bytes);
    return new Promise<FaceAnalysis>((resolve, reject) => {
      this.pending.set(id, { thread, resolve, reject });
      thread.inFlight += 1;
      if (thread.inFlight === 1) thread.worker.ref();
      thread.worker.postMessage({ id, bytes: copy } satisfies WorkerRequest, [copy.buffer]);
    });
  }

  /** Stops the threads; the next request starts new ones. */
  async close(): Promise<void> {
    const threads = this.threads.splice(0);
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  private pickThread(): Thread {
    const idle = this.threads.find((t) => t.inFlight === 0);
    if (idle) return idle;
    if (this.threads.length < this.maxThreads) return this.startThread();
    return this.threads.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
  }

  private startThread(): Thread {
    const worker = spawnWorker(this.options);
    const thread: Thread = { worker, inFlight: 0 };
    worker.unref();
    worker.on('message', (reply: WorkerReply) => this.settle(reply));
    worker.on('error', (error) => this.failThread(thread, error));
    worker.on('exit', (code) => this.failThread(thread, new Error(`the face analysis thread stopped (exit ${code})`)));
    this.threads.push(thread);
    return thread;
  }

  private settle(reply: WorkerReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    pending.thread.inFlight -= 1;
    if (pending.thread.inFlight === 0) pending.thread.worker.unref();
    if ('analysis' in reply) pending.resolve(reply.analysis);
    else if (reply.error.isInvalidImage) pending.reject(new TroupeError('INVALID_IMAGE', reply.error.message));
    else pending.reject(new Error(`Face analysis failed: ${reply.error.message}`));
  }

  private failThread(thread: Thread, error: Error): void {
    const index = this.threads.indexOf(thread);
    if (index >= 0) this.threads.splice(index, 1);
    for (const [id, pending] of this.pending) {
      if (pending.thread !== thread) continue;
      this.pending.delete(id);
      pending.reject(error);
    }
  }
}

/**
 * Built, the thread runs the compiled face-analysis-worker.js. From source (tests, tsx) it first registers tsx's
 * loader, which Node 20 does not carry into worker threads by itself.
 */
function spawnWorker(options: FaceEngineOptions): Worker {
  const isSource = import.meta.url.endsWith('.ts');
  const entry = new URL(`./face-analysis-worker.${isSource ? 'ts' : 'js'}`, import.meta.url);
  if (!isSource) return new Worker(entry, { workerData: options });
  // The ESM build of tsx's API (require.resolve names the CommonJS one, which cannot register in a worker).
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: options });
}

let shared: WorkerFaceAnalyzer | undefined;

/** The process's one analyzer: every Troupe opened in this process shares its threads and their loaded models. */
export function sharedFaceAnalyzer(): WorkerFaceAnalyzer {
  shared ??= new WorkerFaceAnalyzer();
  return shared;
}
