/**
 * transient: the same request may well succeed later (interruptions, timeouts, 5xx, 429, bad output bytes).
 * content_filter: the provider refused the prompt or the output (E005); retrying the same prompt rarely helps.
 * fatal: nothing in this job can succeed until the user fixes something (token, credit, model, input).
 * off_model: the run succeeded (and was paid for) but its image shows another person's face (the identity gate); like
 * a refusal, it counts against the prompt.
 */
export const FAILURE_CLASSES = ['transient', 'content_filter', 'fatal', 'off_model'] as const;
export type FailureClass = (typeof FAILURE_CLASSES)[number];

/** What went wrong, as the provider adapter observed it, before classification. */
export interface ProviderFailure {
  /** Where it happened: the create call, a status poll, the run itself, or fetching/checking its output. */
  readonly stage: 'create' | 'get' | 'run' | 'output';
  readonly httpStatus?: number;
  readonly message: string;
}

export interface ClassifiedFailure {
  readonly failureClass: FailureClass;
  /** A short stable code for tables and statistics: E005, PA, E6716, HTTP_503, AUTH, NO_CREDIT... */
  readonly code: string;
  /** For fatal failures: what the user must do. */
  readonly fix?: string;
}

const FATAL_BY_STATUS: Readonly<Record<number, { code: string; fix: string }>> = {
  401: { code: 'AUTH', fix: 'check REPLICATE_API_TOKEN: it is missing, mistyped or revoked' },
  403: { code: 'AUTH', fix: 'check REPLICATE_API_TOKEN: it is not allowed to run this model' },
  402: { code: 'NO_CREDIT', fix: 'add credit to the provider account (billing page), then resume the job' },
  404: { code: 'UNKNOWN_MODEL', fix: 'check the model id (REPLICATE_MODEL): the provider does not know it' },
  422: { code: 'INVALID_INPUT', fix: 'the provider rejected the request input; check the base image and prompt' },
};

const RUN_ERROR_CODES: ReadonlyArray<{ pattern: RegExp; result: ClassifiedFailure }> = [
  { pattern: /\bE005\b|flagged as sensitive|nsfw/i, result: { failureClass: 'content_filter', code: 'E005' } },
  { pattern: /\(code: PA\)|interrupted/i, result: { failureClass: 'transient', code: 'PA' } },
  { pattern: /\bE6716\b/, result: { failureClass: 'transient', code: 'E6716' } },
  { pattern: /\bE1000\b/, result: { failureClass: 'transient', code: 'E1000' } },
  { pattern: /timed? ?out|timeout/i, result: { failureClass: 'transient', code: 'TIMEOUT' } },
];

export function classifyFailure(failure: ProviderFailure): ClassifiedFailure {
  const status = failure.httpStatus;
  if (status !== undefined) {
    const fatal = FATAL_BY_STATUS[status];
    if (fatal && (failure.stage === 'create' || status === 401 || status === 403)) {
      return { failureClass: 'fatal', code: fatal.code, fix: fatal.fix };
    }
    if (status === 429) return { failureClass: 'transient', code: 'RATE_LIMITED' };
    if (status >= 500) return { failureClass: 'transient', code: `HTTP_${status}` };
  }
  if (failure.stage === 'output') return { failureClass: 'transient', code: 'BAD_OUTPUT' };
  for (const { pattern, result } of RUN_ERROR_CODES) {
    if (pattern.test(failure.message)) return result;
  }
  return { failureClass: 'transient', code: status === undefined ? 'UNKNOWN' : `HTTP_${status}` };
}
