import type { OutcomeCountRepo } from '../ports.js';
import type { Attempt } from '../../domain/generation/attempt.js';
import { attemptOutcome } from '../../domain/generation/attempt-outcome.js';
import {
  addCounts,
  estimateFrom,
  NO_OUTCOMES,
  outcomeEvidence,
  PROMPT_PRIOR,
  type BetaEstimate,
  type EstimateScope,
  type OutcomeCounts,
} from '../../domain/policy/beta-estimate.js';

/**
 * The success estimates one job plans with: per provider/model (does an attempt yield an image?) and per prompt on
 * it (does the filter accept the prompt?). They start from what every earlier job recorded and learn from each
 * attempt of this one the moment it ends; every outcome is also added to the shared counts at once, so the next job
 * (in this process or another) starts from it.
 */
export class SuccessEstimates {
  private constructor(
    private readonly repo: OutcomeCountRepo,
    private readonly providerSubject: string,
    private readonly providerPrior: BetaEstimate,
    private readonly counts: Map<string, OutcomeCounts>,
  ) {}

  static async load(
    repo: OutcomeCountRepo,
    providerSubject: string,
    providerPrior: BetaEstimate,
    promptIds: readonly string[],
  ): Promise<SuccessEstimates> {
    const subjects = [providerKey(providerSubject), ...promptIds.map((id) => promptKey(providerSubject, id))];
    const counts = await repo.read(subjects);
    return new SuccessEstimates(repo, providerSubject, providerPrior, counts);
  }

  provider(): BetaEstimate {
    return estimateFrom(this.providerPrior, this.providerCounts());
  }

  /** What the provider-level estimate has learned from so far, beyond its prior. */
  providerCounts(): OutcomeCounts {
    return this.countsOf(providerKey(this.providerSubject));
  }

  prompt(promptId: string): BetaEstimate {
    return estimateFrom(PROMPT_PRIOR, this.countsOf(promptKey(this.providerSubject, promptId)));
  }

  /** Learns from an ended attempt; a canceled one teaches nothing. */
  async record(attempt: Pick<Attempt, 'status' | 'failureClass' | 'promptId'>): Promise<void> {
    const outcome = attemptOutcome(attempt);
    if (outcome === undefined) return;
    await this.add(providerKey(this.providerSubject), outcomeEvidence(outcome, 'provider'));
    await this.add(promptKey(this.providerSubject, attempt.promptId), outcomeEvidence(outcome, 'prompt'));
  }

  private async add(subject: string, evidence: OutcomeCounts | undefined): Promise<void> {
    if (evidence === undefined) return;
    this.counts.set(subject, addCounts(this.countsOf(subject), evidence));
    await this.repo.add(subject, evidence);
  }

  private countsOf(subject: string): OutcomeCounts {
    return this.counts.get(subject) ?? NO_OUTCOMES;
  }
}

/** The provider-level estimate alone, and the attempts it learned from, for forecasts before a job exists. */
export async function loadProviderEstimate(
  repo: OutcomeCountRepo,
  providerSubject: string,
  providerPrior: BetaEstimate,
): Promise<{ readonly estimate: BetaEstimate; readonly observedAttempts: number }> {
  const estimates = await SuccessEstimates.load(repo, providerSubject, providerPrior, []);
  const { successes, failures } = estimates.providerCounts();
  return { estimate: estimates.provider(), observedAttempts: successes + failures };
}

function providerKey(subject: string): string {
  return `provider:${subject}` satisfies `${EstimateScope}:${string}`;
}

function promptKey(subject: string, promptId: string): string {
  return `prompt:${subject}:${promptId}` satisfies `${EstimateScope}:${string}`;
}
