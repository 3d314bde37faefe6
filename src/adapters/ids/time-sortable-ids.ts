import type { Clock, Ids, Random } from '../../app/ports.js';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * `job_0mwq3h1zjjz6tsess`: creation time in base 36, then random characters. Times never repeat within a process (a
 * second id in the same millisecond takes the next one), so ids sort in creation order.
 */
export class TimeSortableIds implements Ids {
  private lastTimeMs = 0;

  constructor(
    private readonly clock: Clock,
    private readonly random: Random,
  ) {}

  next(prefix: Parameters<Ids['next']>[0]): string {
    this.lastTimeMs = Math.max(this.clock.now(), this.lastTimeMs + 1);
    const time = this.lastTimeMs.toString(36).padStart(9, '0');
    let suffix = '';
    for (let i = 0; i < 8; i += 1) suffix += ALPHABET[this.random.int(ALPHABET.length)];
    return `${prefix}_${time}${suffix}`;
  }
}
