import type { AppDeps } from '../app-deps.js';
import type { HealthCheck, HealthReport } from '../ports.js';
import type { GenerationDefaults } from '../troupe.js';
import { TroupeError } from '../../domain/errors/troupe-error.js';
import { countOf } from '../../domain/text/count-noun.js';

type Deps = Pick<AppDeps, 'actors' | 'images' | 'blobs' | 'mirror' | 'providers' | 'ids'>;

/**
 * `troupe doctor`: can this configuration work? The data directory, the database, the default provider's settings
 * and, when S3_BUCKET is set, the S3 mirror (reachable, credentials, bucket, writable), each with what to fix.
 */
export async function runDoctor(deps: Deps, defaults: GenerationDefaults): Promise<HealthReport> {
  const checks: HealthCheck[] = [
    await check('data directory', async () => {
      const probe = `cache/doctor-probe-${deps.ids.next('img')}`;
      await deps.blobs.put(probe, new Uint8Array([1]));
      await deps.blobs.delete(probe);
      return 'writable';
    }),
    await check('database', async () => {
      const count = (await deps.actors.list()).length;
      return `${count} actor${count === 1 ? '' : 's'}`;
    }),
    await check('provider', async () => {
      deps.providers.validate(defaults.provider, defaults.providerOptions);
      return `${defaults.provider} is configured`;
    }),
    ...(await mirrorChecks(deps)),
  ];
  return { ok: checks.every((c) => c.ok), checks };
}

async function mirrorChecks(deps: Deps): Promise<HealthCheck[]> {
  const { mirror } = deps;
  if (mirror === null) return [{ name: 'S3 mirror', ok: true, detail: 'off (set S3_BUCKET to mirror images to S3)' }];
  const access = await mirror.checkAccess();
  const checks = access.checks.map((c) => ({ ...c, name: `S3 ${c.name}` }));
  if (!access.ok) return checks;
  let pending = 0;
  for (const actor of await deps.actors.list()) {
    pending += (await deps.images.listByActor(actor.id)).filter((image) => image.s3Url === null).length;
  }
  const detail =
    pending === 0
      ? 'none: every image is mirrored'
      : `${countOf(pending, 'image')} not yet uploaded: run \`troupe sync\``;
  return [...checks, { name: 'S3 pending uploads', ok: pending === 0, detail }];
}

async function check(name: string, run: () => Promise<string>): Promise<HealthCheck> {
  try {
    return { name, ok: true, detail: await run() };
  } catch (error) {
    if (!(error instanceof TroupeError)) throw error;
    return { name, ok: false, detail: error.message };
  }
}
