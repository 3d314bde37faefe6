import { z } from 'zod';
import { TroupeError } from '../domain/errors/troupe-error.js';

const LATENCY_PATTERN = /^(\d+)-(\d+)$/;
const HOST_ENTRY = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)(:\d{1,5})?$/;
/** Variables whose value must never appear in a message or a log. */
const SECRET_VARIABLES = new Set([
  'TROUPE_API_KEY',
  'REPLICATE_API_TOKEN',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_ACCESS_SECRET',
  'AWS_ACCESS_KEY_ID',
  'AWS_ACCESS_KEY',
]);

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

const schema = z.object({
  TROUPE_DATA_DIR: z.string().min(1).default('data'),
  TROUPE_PROVIDER: z.enum(['sim', 'replicate']).default('sim'),
  TROUPE_SIM_SCENARIO: z.enum(['perfect', 'high', 'medium', 'low', 'broken']).default('high'),
  TROUPE_SIM_LATENCY_MS: z
    .string()
    .regex(LATENCY_PATTERN, 'use MIN-MAX in milliseconds, e.g. 1000-4000')
    .refine(
      (v) => Number(LATENCY_PATTERN.exec(v)?.[1]) <= Number(LATENCY_PATTERN.exec(v)?.[2]),
      'MIN must not exceed MAX',
    )
    .default('1000-4000'),
  TROUPE_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  TROUPE_PRICE_PER_IMAGE_USD: z.coerce.number().min(0).max(10).default(0.04),
  TROUPE_PROMPTS: z.string().min(1).optional(),
  TROUPE_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  TROUPE_HOST: z.string().min(1).default('127.0.0.1'),
  TROUPE_PORT: z.coerce.number().int().min(0).max(65535).default(7777),
  TROUPE_API_KEY: z.string().min(16, 'use at least 16 characters').optional(),
  TROUPE_ALLOWED_HOSTS: z
    .string()
    .refine(
      (v) => splitList(v).every((entry) => HOST_ENTRY.test(entry)),
      'use a comma-separated list of host names with optional ports, e.g. troupe.lan:7777,192.168.1.20',
    )
    .default(''),
  REPLICATE_API_TOKEN: z.string().min(1).optional(),
  REPLICATE_API_BASE_URL: z
    .string()
    .url('use a URL such as https://api.replicate.com/v1')
    .default('https://api.replicate.com/v1'),
  REPLICATE_MODEL: z
    .string()
    .regex(/^[\w.-]+\/[\w.-]+$/, 'use owner/name, e.g. black-forest-labs/flux-kontext-pro')
    .default('black-forest-labs/flux-kontext-pro'),
  REPLICATE_CREATES_PER_MINUTE: z.coerce.number().int().min(1).max(6000).default(600),
  REPLICATE_WAIT_SECONDS: z.coerce.number().int().min(1).max(60).default(5),
  REPLICATE_CANCEL_AFTER: z
    .string()
    .regex(/^\d+(ms|s|m|h)$/, 'use a duration such as 90s or 10m')
    .default('10m'),
  REPLICATE_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  REPLICATE_SAFETY_TOLERANCE: z.coerce.number().int().min(0).max(2).default(2),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'use an S3 bucket name: 3-63 lowercase letters, digits, dots, hyphens')
    .optional(),
  S3_PREFIX: z.string().max(200).default(''),
  S3_ENDPOINT: z.string().url('use a URL such as http://127.0.0.1:9000').optional(),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  AWS_ACCESS_KEY_ID: z.string().min(1).optional(),
  AWS_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  // The seed's names for the same two settings.
  AWS_ACCESS_KEY: z.string().min(1).optional(),
  AWS_ACCESS_SECRET: z.string().min(1).optional(),
});

export interface TroupeConfig {
  readonly dataDir: string;
  readonly provider: 'sim' | 'replicate';
  readonly sim: { readonly scenario: string; readonly latencyMs: { readonly min: number; readonly max: number } };
  readonly concurrency: number;
  readonly priceUsd: number;
  readonly promptsPath: string | null;
  readonly logLevel: string;
  readonly replicate: ReplicateConfig;
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly apiKey: string | undefined;
    /** Extra `name[:port]` Host names `troupe serve` answers to (TROUPE_ALLOWED_HOSTS), lowercase. */
    readonly allowedHosts: readonly string[];
  };
  /** The S3 mirror of training images; null when S3_BUCKET is not set. */
  readonly s3: S3Config | null;
}

export interface S3Config {
  readonly bucket: string;
  readonly prefix: string;
  readonly region: string;
  readonly endpoint: string | undefined;
  readonly forcePathStyle: boolean;
  /** Undefined: the AWS SDK's default chain (environment, profile, instance role). */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string } | undefined;
}

export interface ReplicateConfig {
  /** Undefined when not set: the replicate provider then refuses to start, saying how to set it. */
  readonly token: string | undefined;
  readonly baseUrl: string;
  readonly model: string;
  readonly createsPerMinute: number;
  readonly waitSeconds: number;
  readonly cancelAfter: string;
  readonly pollIntervalMs: number;
  readonly safetyTolerance: number;
}

/** The only reader of environment variables. Reports every bad variable at once. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): TroupeConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      const given = present[name];
      const shown = SECRET_VARIABLES.has(name) ? `${name} (value not shown)` : `${name}=${JSON.stringify(given ?? '')}`;
      return `${shown} is invalid (${issue.message.replace(/, received NaN$/, '')})`;
    });
    throw new TroupeError(
      'INVALID_CONFIG',
      `Invalid configuration: ${problems.join('; ')}. Fix these environment variables and run again.`,
    );
  }
  const c = parsed.data;
  const [, min, max] = LATENCY_PATTERN.exec(c.TROUPE_SIM_LATENCY_MS) ?? [];
  const accessKeyId = c.AWS_ACCESS_KEY_ID ?? c.AWS_ACCESS_KEY;
  const secretAccessKey = c.AWS_SECRET_ACCESS_KEY ?? c.AWS_ACCESS_SECRET;
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new TroupeError(
      'INVALID_CONFIG',
      'Invalid configuration: set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the seed names AWS_ACCESS_KEY and AWS_ACCESS_SECRET), or neither to use the AWS default credential chain.',
    );
  }
  return Object.freeze({
    dataDir: c.TROUPE_DATA_DIR,
    provider: c.TROUPE_PROVIDER,
    sim: Object.freeze({
      scenario: c.TROUPE_SIM_SCENARIO,
      latencyMs: Object.freeze({ min: Number(min), max: Number(max) }),
    }),
    concurrency: c.TROUPE_CONCURRENCY,
    priceUsd: c.TROUPE_PRICE_PER_IMAGE_USD,
    promptsPath: c.TROUPE_PROMPTS ?? null,
    logLevel: c.TROUPE_LOG_LEVEL,
    http: Object.freeze({
      host: c.TROUPE_HOST,
      port: c.TROUPE_PORT,
      apiKey: c.TROUPE_API_KEY,
      allowedHosts: Object.freeze(splitList(c.TROUPE_ALLOWED_HOSTS).map((entry) => entry.toLowerCase())),
    }),
    replicate: Object.freeze({
      token: c.REPLICATE_API_TOKEN,
      baseUrl: c.REPLICATE_API_BASE_URL,
      model: c.REPLICATE_MODEL,
      createsPerMinute: c.REPLICATE_CREATES_PER_MINUTE,
      waitSeconds: c.REPLICATE_WAIT_SECONDS,
      cancelAfter: c.REPLICATE_CANCEL_AFTER,
      pollIntervalMs: c.REPLICATE_POLL_INTERVAL_MS,
      safetyTolerance: c.REPLICATE_SAFETY_TOLERANCE,
    }),
    s3:
      c.S3_BUCKET === undefined
        ? null
        : Object.freeze({
            bucket: c.S3_BUCKET,
            prefix: c.S3_PREFIX,
            region: c.AWS_REGION,
            endpoint: c.S3_ENDPOINT,
            forcePathStyle: c.S3_FORCE_PATH_STYLE === 'true',
            credentials:
              accessKeyId === undefined || secretAccessKey === undefined
                ? undefined
                : Object.freeze({ accessKeyId, secretAccessKey }),
          }),
  });
}
