import { hostname } from 'node:os';
import type { ProcessProbe } from '../../app/ports.js';

/** The real machine: `kill(pid, 0)` asks whether a process exists without signalling it. */
export class OsProcessProbe implements ProcessProbe {
  readonly hostName = hostname();
  readonly pid = process.pid;

  isAlive(pid: number): boolean {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      // EPERM: it exists but belongs to another user, which is still alive.
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
}
