import { createHook } from 'node:async_hooks';
import type { FaceAnalyzer } from '../../src/app/ports.js';

/**
 * Resource types that mean "real work is in flight": native async work (sharp's decode, encode, metadata, stats
 * and better-sqlite3 backups are all `generic`) and file-system requests. Timers, sockets and immediates are not
 * work: sockets stay open while idle.
 */
const WORK_TYPES = new Set(['generic', 'FSREQCALLBACK', 'FSREQPROMISE', 'FILEHANDLECLOSEREQ', 'ZLIB']);
const live = new Set<number>();

createHook({
  init(asyncId, type) {
    if (WORK_TYPES.has(type)) live.add(asyncId);
  },
  destroy(asyncId) {
    live.delete(asyncId);
  },
}).enable();

/** Whether file I/O or image work is in flight in this process: what a FakeClock must wait for before jumping. */
export function isIoBusy(): boolean {
  return live.size > 0 || isHttpBusy() || facesInFlight > 0;
}

let facesInFlight = 0;

/** A face analyzer that counts analyses in flight (they run on another thread, unseen by the hooks above). */
export function trackedFaces(inner: FaceAnalyzer): FaceAnalyzer {
  return {
    analyze: async (bytes) => {
      facesInFlight += 1;
      try {
        return await inner.analyze(bytes);
      } finally {
        facesInFlight -= 1;
      }
    },
  };
}

let requestsInFlight = 0;

/** `fetch` that counts requests in flight, so a FakeClock waits for HTTP answers as it waits for files. */
export const trackedFetch: typeof fetch = async (input, init) => {
  requestsInFlight += 1;
  try {
    return await fetch(input, init);
  } finally {
    requestsInFlight -= 1;
  }
};

export function isHttpBusy(): boolean {
  return requestsInFlight > 0;
}
