import { describeDefect } from '../../domain/balance/balance-plan.js';
import { topUpCost } from '../../domain/balance/top-up-cost.js';
import { MICRO_PER_USD } from '../../domain/money/micro-usd.js';
import type { PlannedBalance } from './plan-balance.js';

/** The plan as plain data: what `balance --json` prints and the API returns. */
export function balancePlanView(
  planned: PlannedBalance,
  pricing: { priceMicroUsd: number; successRate: number; provider: string },
) {
  const { plan } = planned;
  const cost = topUpCost(plan.generate, pricing.priceMicroUsd, pricing.successRate);
  return {
    actorId: planned.actorId,
    measuredNow: planned.measuredCount,
    target: { ...plan.target },
    before: { ...plan.before },
    after: { ...plan.after },
    deletions: plan.deletions.map((d) => ({
      imageId: d.entry.image.id,
      file: d.entry.image.fileName,
      type: d.entry.image.type,
      reasons: d.reasons.map((r) => ({ kind: r.kind, text: describeDefect(r) })),
    })),
    keptDespiteDefects: plan.keptDespiteDefects.map((d) => d.entry.image.fileName),
    keptPinned: plan.keptPinned.map((d) => d.entry.image.fileName),
    generate: { ...plan.generate },
    provider: pricing.provider,
    expectedSuccessRate: pricing.successRate,
    attemptsPerImage: cost.attemptsPerImage,
    estimatedCostUsd: cost.costMicroUsd / MICRO_PER_USD,
    isBalanced: plan.isBalanced,
  };
}

export type BalancePlanView = ReturnType<typeof balancePlanView>;
