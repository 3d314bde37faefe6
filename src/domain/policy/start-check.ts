import { formatUsd, type MicroUsd } from '../money/micro-usd.js';
import { derivedAttemptBudget } from './attempt-budget.js';
import { mean, type BetaEstimate } from './beta-estimate.js';
import { betaBinomialAtLeast } from './binomial.js';
import { countOf } from '../text/count-noun.js';

export interface StartCheckInput {
  /** The plan's stated P(reach N within the caps). */
  readonly pReachN: number;
  /** The early-stop threshold the user asked for; 0 turns the check off. */
  readonly threshold: number;
  readonly requestedImages: number;
  /** What the plan believes about one attempt's success rate. */
  readonly estimate: BetaEstimate;
  readonly maxAttempts: number;
  readonly costCapMicroUsd: MicroUsd | null;
  readonly priceMicroUsd: MicroUsd;
}

/**
 * Why a plan must not start without the user's say-so: its odds are below the early-stop threshold before the first
 * attempt, so the job would stop early at once or spend its budget on a result it cannot reach. Names the cap to
 * raise (and to what), or says the provider itself is the trouble. Undefined when the odds are good enough.
 */
export function lowOddsReason(input: StartCheckInput): string | undefined {
  if (input.threshold <= 0 || input.pReachN >= input.threshold) return undefined;
  const n = input.requestedImages;
  const odds =
    `The odds of reaching ${countOf(n, 'image')} are ${percent(input.pReachN)}, below the ` +
    `early-stop threshold of ${percent(input.threshold)}, before a single attempt`;
  const needed = derivedAttemptBudget(n, input.estimate);
  const { alpha, beta } = input.estimate;
  if (betaBinomialAtLeast(n, needed, alpha, beta) < input.threshold) {
    return (
      `${odds}: at the success rate this plan assumes (${percent(mean(input.estimate))}) no budget reaches the target. ` +
      'Check the provider (troupe doctor), its scenario or the prompts, or ask for fewer images.'
    );
  }
  const fixes: string[] = [];
  if (input.maxAttempts < needed) fixes.push(`raise --max-attempts to at least ${needed}`);
  const costCapAttempts =
    input.costCapMicroUsd === null || input.priceMicroUsd <= 0
      ? Number.POSITIVE_INFINITY
      : Math.floor(input.costCapMicroUsd / input.priceMicroUsd);
  if (costCapAttempts < needed) {
    fixes.push(
      `raise --cost-cap from ${formatUsd(input.costCapMicroUsd ?? 0)} (${countOf(costCapAttempts, 'attempt')}) ` +
        `to at least ${formatUsd(needed * input.priceMicroUsd)} (${countOf(needed, 'attempt')})`,
    );
  }
  if (fixes.length === 0) fixes.push('raise --max-attempts or --cost-cap');
  return `${odds}: ${fixes.join(' and ')}, or lower --early-stop.`;
}

function percent(probability: number): string {
  const value = 100 * probability;
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)}%`;
}
