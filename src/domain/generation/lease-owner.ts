import { TroupeError } from '../errors/troupe-error.js';

/**
 * Who holds a job's claim: the host and process id of the process running it, plus a nonce that tells apart two
 * Troupes in one process (tests) and a reused pid. Written into the job row as `host:pid:nonce`.
 */
export interface LeaseOwner {
  readonly host: string;
  readonly pid: number;
  readonly nonce: string;
}

export function formatLeaseOwner(owner: LeaseOwner): string {
  return `${owner.host}:${owner.pid}:${owner.nonce}`;
}

/** Reads `host:pid:nonce` from the right (a host name has no colon, but be lenient); undefined for anything else. */
export function parseLeaseOwner(text: string): LeaseOwner | undefined {
  const match = /^(.+):(\d+):([^:]+)$/.exec(text);
  if (!match) return undefined;
  const pid = Number(match[2]);
  return Number.isSafeInteger(pid) && pid > 0 ? { host: match[1]!, pid, nonce: match[3]! } : undefined;
}

/** What a claimant can tell about the machine it runs on. */
export interface ProcessView {
  readonly hostName: string;
  readonly pid: number;
  isAlive(pid: number): boolean;
}

/**
 * A claim whose owner is provably gone can be taken over before its lease lapses: the owner ran on this host, is
 * not this process, and no process with its pid is alive. A pid reused since then looks alive, so the claimant
 * waits for the lease as it would for another host's process: never a takeover from a live owner.
 */
export function isOwnerGone(held: string, here: ProcessView): boolean {
  const owner = parseLeaseOwner(held);
  if (owner === undefined || owner.host !== here.hostName || owner.pid === here.pid) return false;
  return !here.isAlive(owner.pid);
}

/** Another process holds the job's claim; `until` is when it lapses unless renewed. */
export function jobClaimedError(jobId: string, owner: string | null, until: string | null): TroupeError {
  return new TroupeError(
    'JOB_CLAIMED',
    `Job ${jobId} is being run by another process (${owner ?? 'unknown'}) until ${until ?? 'unknown'}; it renews its claim while it runs. If that process is gone, try again after that time.`,
    { isRetryable: true },
  );
}

/** This process's claim was taken over (it stalled past its lease): it stops writing and leaves the job to the new owner. */
export function claimLostError(jobId: string): TroupeError {
  return new TroupeError(
    'JOB_CLAIMED',
    `Lost the claim on job ${jobId} to another process (this one stalled past its lease); stopping here without touching the job: the other process goes on with it.`,
  );
}
