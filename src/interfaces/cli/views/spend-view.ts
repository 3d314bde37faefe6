import type { GenerationJob } from '../../../domain/generation/job.js';
import type { PaidLedger } from '../../../domain/generation/paid-ledger.js';
import { formatUsd } from '../../../domain/money/micro-usd.js';

/** "$0.48 (kept $0.40, spares $0.04, discarded $0.04)"; just the total when everything paid for was kept. */
export function spendLine(job: Pick<GenerationJob, 'spendMicroUsd' | 'spendSplit'>): string {
  const { keptMicroUsd, sparesMicroUsd, discardedMicroUsd } = job.spendSplit;
  const total = formatUsd(job.spendMicroUsd);
  if (sparesMicroUsd === 0 && discardedMicroUsd === 0) return total;
  return `${total} (kept ${formatUsd(keptMicroUsd)}, spares ${formatUsd(sparesMicroUsd)}, discarded ${formatUsd(discardedMicroUsd)})`;
}

/** Every prediction of the job by how it ended, then the paid ones that left no image. */
export function ledgerLines(ledger: PaidLedger): string[] {
  const parts = [
    `${ledger.kept} kept`,
    `${ledger.spares} spare${ledger.spares === 1 ? '' : 's'} paid, not kept`,
    `${ledger.discarded} discarded`,
    `${ledger.expired} expired`,
    `${ledger.providerFailures} provider failure${ledger.providerFailures === 1 ? '' : 's'}`,
  ];
  if (ledger.open > 0) parts.push(`${ledger.open} still running`);
  const noun = ledger.predictions === 1 ? 'prediction' : 'predictions';
  const lines = [`Ledger: ${ledger.predictions} ${noun} (${ledger.paid} paid): ${parts.join(', ')}`];
  for (const { runId, ending } of ledger.paidWithoutImage) lines.push(`  paid, no image: ${runId} (${ending})`);
  return lines;
}
