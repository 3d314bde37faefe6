// The Balance tab's settings as typed, and the balance request they make.
import type { BalanceRequest, ServerConfig } from '../api/types';

export interface BalanceForm {
  target: string;
  maxDelete: string;
  isTopUpOnly: boolean;
  provider: string;
  scenario: string;
}

export function initialBalanceForm(config: ServerConfig): BalanceForm {
  return {
    target: '',
    maxDelete: '',
    isTopUpOnly: false,
    provider: config.defaultProvider,
    scenario: config.defaultScenario,
  };
}

/** A problem worth saying before asking the server, or undefined; the server checks the target itself. */
export function balanceFormProblem(form: BalanceForm): string | undefined {
  const maxDelete = form.maxDelete.trim();
  if (form.isTopUpOnly || maxDelete === '') return undefined;
  const value = Number(maxDelete);
  if (!Number.isSafeInteger(value) || value < 0) return 'Max deletions must be a whole number, 0 or more.';
  return undefined;
}

/** The request for the form; empty fields are left out so the server's defaults apply. */
export function toBalanceRequest(form: BalanceForm): BalanceRequest {
  const request: BalanceRequest = { provider: form.provider };
  if (form.target.trim() !== '') request.target = form.target.trim();
  if (form.isTopUpOnly) request.isDeleting = false;
  else if (form.maxDelete.trim() !== '') request.maxDelete = Number(form.maxDelete);
  if (form.provider === 'sim') request.scenario = form.scenario;
  return request;
}

/** Whether two requests ask for the same plan. */
export function isSameRequest(a: BalanceRequest | undefined, b: BalanceRequest | undefined): boolean {
  return a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
