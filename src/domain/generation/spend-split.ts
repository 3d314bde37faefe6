import type { MicroUsd } from '../money/micro-usd.js';
import { isPaidSpare, type Attempt } from './attempt.js';

/** Where a job's money went: the images it kept, spares paid for but not kept, and anything else billed. */
export interface SpendSplit {
  readonly keptImages: number;
  readonly keptMicroUsd: MicroUsd;
  readonly spares: number;
  readonly sparesMicroUsd: MicroUsd;
  /** Billed attempts that neither kept an image nor were spares (e.g. an output that could not be kept). */
  readonly otherMicroUsd: MicroUsd;
}

export function spendSplit(attempts: Iterable<Pick<Attempt, 'status' | 'costMicroUsd'>>): SpendSplit {
  let keptImages = 0;
  let keptMicroUsd = 0;
  let spares = 0;
  let sparesMicroUsd = 0;
  let otherMicroUsd = 0;
  for (const attempt of attempts) {
    if (attempt.status === 'succeeded') {
      keptImages += 1;
      keptMicroUsd += attempt.costMicroUsd;
    } else if (isPaidSpare(attempt)) {
      spares += 1;
      sparesMicroUsd += attempt.costMicroUsd;
    } else otherMicroUsd += attempt.costMicroUsd;
  }
  return { keptImages, keptMicroUsd, spares, sparesMicroUsd, otherMicroUsd };
}
