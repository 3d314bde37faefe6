import { invalidInput } from '../errors/troupe-error.js';

/** A whole number within [min, max], from a number (API) or user text (CLI); the message names the option. */
export function requireWholeNumber(value: number | string, what: string, min: number, max: number): number {
  const text = String(value).trim();
  const parsed = typeof value === 'number' ? value : /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw invalidInput(`${what} must be a whole number from ${min} to ${max}, got "${text}".`);
  }
  return parsed;
}

/** A positive amount of US dollars up to `max`, from a number or user text. */
export function requireUsd(value: number | string, what: string, max: number): number {
  const text = String(value).trim().replace(/^\$/, '');
  const parsed = typeof value === 'number' ? value : /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(parsed) || parsed <= 0 || parsed > max) {
    throw invalidInput(`${what} must be an amount of dollars above 0 and at most ${max}, got "${String(value)}".`);
  }
  return parsed;
}

/** A probability from 0 to 1, also written as a percentage ("1%"). */
export function requireProbability(value: number | string, what: string): number {
  const text = String(value).trim();
  const isPercent = text.endsWith('%');
  const digits = isPercent ? text.slice(0, -1) : text;
  const parsed = typeof value === 'number' ? value : /^\d+(\.\d+)?$/.test(digits) ? Number(digits) : Number.NaN;
  const probability = isPercent ? parsed / 100 : parsed;
  if (!Number.isFinite(probability) || probability < 0 || probability >= 1) {
    throw invalidInput(`${what} must be a probability from 0 up to (not including) 1, like 0.01 or 1%, got "${text}".`);
  }
  return probability;
}
