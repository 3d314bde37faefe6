/**
 * The seed's mock API scenarios (high 85%, medium 65%, low 35%), plus the two edges worth seeing on purpose, and
 * `drift`: high's failures, with some outputs showing another person (SIM_OFF_MODEL_SHARE); planned at the rate of
 * on-model images, 0.85 x 0.7, which is what a job with the identity gate keeps.
 * Failures come in a realistic mix, and the content filter sticks to some prompts, as the real model's does.
 */
export const SIM_SCENARIOS = { perfect: 1, high: 0.85, medium: 0.65, low: 0.35, broken: 0, drift: 0.6 } as const;
export type SimScenario = keyof typeof SIM_SCENARIOS;

export function isSimScenario(value: string): value is SimScenario {
  return Object.hasOwn(SIM_SCENARIOS, value);
}

/**
 * In the `drift` scenario, this share of successful runs renders someone else's face (assets/demo/impostor.jpg), as a
 * model that drifts off the character does: what the identity gate and the balancer catch.
 */
export const SIM_OFF_MODEL_SHARE = 0.3;

/** Share of prompts the simulated content filter dislikes, and how often it refuses them. */
export const STICKY_PROMPT_SHARE = 0.15;
const STICKY_FAILURE_RATE = 0.85;

/** Failure probability for a prompt, chosen so the average over all prompts equals the scenario's. */
export function failureProbability(successRate: number, isStickyPrompt: boolean): number {
  const overall = 1 - successRate;
  if (overall <= 0 || overall >= 1) return overall;
  const sticky = Math.max(overall, STICKY_FAILURE_RATE);
  if (isStickyPrompt) return sticky;
  return Math.max(0, (overall - STICKY_PROMPT_SHARE * sticky) / (1 - STICKY_PROMPT_SHARE));
}

/** The provider errors the simulation reproduces, worded as Replicate words them. */
export const SIM_FAILURES = [
  {
    weight: 0.2,
    message: 'The input or output was flagged as sensitive. Please try again with different inputs. (E005)',
    isSlow: false,
  },
  { weight: 0.35, message: 'Prediction interrupted; please retry (code: PA)', isSlow: false },
  { weight: 0.2, message: 'Prediction timed out while starting (E6716)', isSlow: true },
  { weight: 0.25, message: 'An unexpected error occurred on the server (E1000)', isSlow: false },
] as const;

export const STICKY_FAILURE_MESSAGE = SIM_FAILURES[0].message;
