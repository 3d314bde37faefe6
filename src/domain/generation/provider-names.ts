/** The image providers a job can name, with what each is, for help texts and error messages. */
export const PROVIDERS = {
  sim: 'built in: renders images locally, free, no account',
  replicate: 'flux-kontext-pro on Replicate: paid, needs REPLICATE_API_TOKEN',
} as const;

export type ProviderName = keyof typeof PROVIDERS;

export const PROVIDER_NAMES = Object.keys(PROVIDERS) as readonly ProviderName[];

/** `sim (built in: ...), replicate (...)`: every provider, for a --provider help line. */
export function describeProviders(): string {
  return Object.entries(PROVIDERS)
    .map(([name, what]) => `${name} (${what})`)
    .join(', ');
}
