/**
 * The provider options a request means: its scenario when it names one, else the configured default scenario when
 * the provider is the sim (the scenario is the sim's only option), else none.
 */
export function providerOptionsFor(
  provider: string,
  scenario: string | undefined,
  defaults: Readonly<Record<string, string>>,
): Record<string, string> {
  if (scenario !== undefined) return { scenario };
  return provider === 'sim' ? { scenario: defaults.scenario ?? 'high' } : {};
}
