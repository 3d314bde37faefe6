/**
 * How long Replicate asks us to wait after a 429, in ms: the `Retry-After` header (seconds or an HTTP date), a
 * `retry_after` field, or the text "resets in ~30s" / "available in 1 second". Undefined when it says nothing.
 */
export function retryAfterMs(input: { header: string | null; body: unknown; nowMs: number }): number | undefined {
  const fromHeader = parseHeader(input.header, input.nowMs);
  if (fromHeader !== undefined) return fromHeader;
  if (typeof input.body !== 'object' || input.body === null) return undefined;
  const { retry_after: field, detail } = input.body as { retry_after?: unknown; detail?: unknown };
  if (typeof field === 'number' && Number.isFinite(field) && field >= 0) return Math.round(field * 1000);
  if (typeof detail === 'string') {
    const match =
      /(?:resets in|available in)\s*~?\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|second|seconds|m|min|minute|minutes)\b/i.exec(
        detail,
      );
    if (match) return Math.round(Number(match[1]) * unitMs(match[2]!.toLowerCase()));
  }
  return undefined;
}

function parseHeader(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function unitMs(unit: string): number {
  if (unit === 'ms') return 1;
  if (unit.startsWith('m')) return 60_000;
  return 1000;
}
