/**
 * The worker thread that owns the face models: it loads them once and answers one request at a time, so the main
 * thread's HTTP, SSE and provider polling never wait behind a detection.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isTroupeError } from '../../domain/errors/troupe-error.js';
import { FaceApiEngine, type FaceEngineOptions } from './face-api-engine.js';
import type { WorkerReply, WorkerRequest } from './worker-messages.js';

const port = parentPort;
if (port === null) throw new Error('face-analysis-worker must run in a worker thread');
const enginePromise = FaceApiEngine.load(workerData as FaceEngineOptions);
// An engine that fails to load fails every request with the reason, instead of killing the thread.
enginePromise.catch(() => undefined);

port.on('message', (request: WorkerRequest) => {
  void answer(request).then((reply) => port.postMessage(reply));
});

async function answer(request: WorkerRequest): Promise<WorkerReply> {
  try {
    const engine = await enginePromise;
    return { id: request.id, analysis: await engine.analyze(request.bytes) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      id: request.id,
      error: { message, isInvalidImage: isTroupeError(error) && error.code === 'INVALID_IMAGE' },
    };
  }
}
