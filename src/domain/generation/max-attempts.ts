/** The seed's cap: enough room for a 50% success rate on small jobs, never more than 25 paid calls. */
export function defaultMaxAttempts(requestedImages: number): number {
  return Math.min(requestedImages * 2 + 3, 25);
}
