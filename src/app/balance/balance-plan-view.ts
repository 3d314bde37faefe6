import { describeDefect } from '../../domain/balance/balance-plan.js';
import { describeVerdict } from '../../domain/identity/identity-verdict.js';
import { typeOf } from '../../domain/balance/image-defects.js';
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
    /** Per type; null: the target leaves that type as it is. */
    target: { ...plan.target },
    before: { ...plan.before },
    after: { ...plan.after },
    /** Images still to come from jobs running for the actor, counted before generating. */
    incoming: { ...plan.incoming },
    runningJobIds: [...planned.runningJobIds],
    deletions: plan.deletions.map((d) => ({
      imageId: d.entry.image.id,
      file: d.entry.image.fileName,
      type: d.entry.image.type ?? (d.entry.measurements === null ? null : typeOf(d.entry)),
      isTypedFromPixels: plan.typedFromPixels.has(d.entry.image.id),
      reasons: d.reasons.map((r) => ({
        kind: r.kind,
        text: describeDefect(r),
        // The copy a duplicate is kept in favour of, so the two can be shown side by side.
        ...(r.kind === 'duplicate' ? { duplicateOf: r.of } : {}),
      })),
      /** 0-100 and its parts (each 0-1); null for an unreadable file. */
      score: d.score && { total: d.score.total, parts: d.score.parts.map((p) => ({ ...p })) },
    })),
    keptDespiteDefects: plan.keptDespiteDefects.map((d) => d.entry.image.fileName),
    keptPinned: plan.keptPinned.map((d) => d.entry.image.fileName),
    typedFromPixels: plan.typedFromPixels.size,
    generate: { ...plan.generate },
    provider: pricing.provider,
    expectedSuccessRate: pricing.successRate,
    attemptsPerImage: cost.attemptsPerImage,
    estimatedCostUsd: cost.costMicroUsd / MICRO_PER_USD,
    isBalanced: plan.isBalanced,
    identity: {
      isChecking: planned.identity.isChecking,
      analysedNow: planned.identity.analysedCount,
      images: identityRows(planned),
    },
  };
}

/** Every image's verdict, in the set's order: what `--json` carries for the identity check. */
function identityRows(planned: PlannedBalance) {
  return planned.identity.judged.map(({ image, verdict: v }) => ({
    imageId: image.id,
    file: image.fileName,
    verdict: v.verdict,
    distance: v.distance,
    reason: v.reason,
    faceBox: v.face?.box ?? null,
    text: describeVerdict(v),
  }));
}

export type BalancePlanView = ReturnType<typeof balancePlanView>;
