/**
 * The pace of paid create calls, shared by every job in a process: a token bucket whose rate follows AIMD. A 429
 * pauses everyone for as long as the provider asked and halves the rate (multiplicative decrease), but never below
 * one call per `Retry-After`: the provider said when it would take the next one, so waiting longer between calls
 * than that only wastes time. Each accepted call wins back a fixed step (additive increase) up to the configured
 * rate. Pure: the caller owns the clock and the waiting.
 */
export interface PaceSettings {
  /** The configured rate, calls per minute: the pace never goes above it. */
  readonly maxPerMinute: number;
  /** Calls that may go out at once after a quiet spell. */
  readonly burst: number;
  /** What each accepted call adds back, calls per minute. */
  readonly increasePerMinute: number;
  /** The slowest pace when the provider names no wait, calls per minute. */
  readonly minPerMinute: number;
}

export interface PaceState {
  readonly ratePerMinute: number;
  readonly tokens: number;
  readonly lastRefillMs: number;
  readonly pausedUntilMs: number;
}

const MINUTE_MS = 60_000;

export function paceSettings(maxPerMinute: number, burst?: number): PaceSettings {
  return {
    maxPerMinute,
    burst: burst ?? Math.max(1, Math.min(10, Math.floor(maxPerMinute / 6))),
    increasePerMinute: Math.max(1, maxPerMinute / 10),
    minPerMinute: Math.min(1, maxPerMinute),
  };
}

export function initialPace(settings: PaceSettings, nowMs: number): PaceState {
  return { ratePerMinute: settings.maxPerMinute, tokens: settings.burst, lastRefillMs: nowMs, pausedUntilMs: 0 };
}

/** A 429 that asked for `retryAfterMs` (0 when it named nothing). */
export function afterThrottled(
  state: PaceState,
  settings: PaceSettings,
  retryAfterMs: number,
  nowMs: number,
): PaceState {
  const askedPerMinute = retryAfterMs > 0 ? MINUTE_MS / retryAfterMs : 0;
  const floor = Math.min(settings.maxPerMinute, Math.max(settings.minPerMinute, askedPerMinute));
  return {
    ratePerMinute: Math.max(floor, state.ratePerMinute / 2),
    tokens: 0,
    lastRefillMs: nowMs,
    pausedUntilMs: Math.max(state.pausedUntilMs, nowMs + retryAfterMs),
  };
}

export function afterAccepted(state: PaceState, settings: PaceSettings): PaceState {
  return {
    ...state,
    ratePerMinute: Math.min(settings.maxPerMinute, state.ratePerMinute + settings.increasePerMinute),
  };
}

/** Takes a token if one is there (`waitMs` 0), else says how long until one will be. */
export function takeToken(
  state: PaceState,
  settings: PaceSettings,
  nowMs: number,
): { readonly state: PaceState; readonly waitMs: number } {
  if (nowMs < state.pausedUntilMs) return { state, waitMs: state.pausedUntilMs - nowMs };
  const perMs = state.ratePerMinute / MINUTE_MS;
  const tokens = Math.min(settings.burst, state.tokens + Math.max(0, nowMs - state.lastRefillMs) * perMs);
  const refilled = { ...state, tokens, lastRefillMs: Math.max(nowMs, state.lastRefillMs) };
  if (tokens >= 1) return { state: { ...refilled, tokens: tokens - 1 }, waitMs: 0 };
  return { state: refilled, waitMs: Math.ceil((1 - tokens) / perMs) };
}
