import type { AppDeps } from '../app-deps.js';
import { ensureCaptions, type CaptionDeps } from '../captions/ensure-captions.js';
import type { ExportStaging } from '../ports.js';
import { parseExportRequest, type ExportRequest, type ExportSettings } from './export-request.js';
import { selectExportImages } from './select-export-images.js';
import { writeTrainerFiles } from './write-trainer-files.js';
import { parseActorId } from '../../domain/actors/actor-id.js';
import { trainingImageKey } from '../../domain/actors/dataset-layout.js';
import { renderCaption } from '../../domain/captions/compose-caption.js';
import { triggerWordOf } from '../../domain/captions/trigger-word.js';
import { TroupeError, invalidInput } from '../../domain/errors/troupe-error.js';
import { exportStems } from '../../domain/export/export-stems.js';
import type { ImageRecord } from '../../domain/images/image-record.js';
import type { ImageType } from '../../domain/prompts/image-type.js';
import type { ExportResult, WrittenImage } from './export-result.js';

type Deps = CaptionDeps & Pick<AppDeps, 'exportFitter' | 'exportTargets' | 'faces' | 'faceCache' | 'faceReferences'>;

/** Images prepared at once: sharp decodes on its own threads, so a few in flight keep both cores busy. */
const FIT_CONCURRENCY = 4;

/**
 * Writes the actor's set in a trainer's format: every setting and the image selection are checked before anything
 * is written, the export is staged beside its target and appears there in one rename, and a failure part-way removes
 * the staging, so the target is either whole or as it was.
 */
export async function exportDataset(deps: Deps, request: ExportRequest): Promise<ExportResult> {
  const settings = parseExportRequest(request);
  const actorId = parseActorId(request.actorId);
  const actor = await deps.actors.get(actorId);
  if (!actor) throw new TroupeError('NOT_FOUND', `Actor ${actorId} not found: see troupe actors list.`);
  const trigger = settings.trigger ?? triggerWordOf(actor);
  const selection = await selectExportImages(deps, actorId, settings.isIncludingFlagged);
  checkEnough(settings, actorId, selection.chosen.length, selection.leftOut.length);
  const captions = await ensureCaptions(deps, actorId, selection);
  const staging = await deps.exportTargets.open(settings.out, settings.container, {
    isReplacing: settings.isReplacing,
  });
  try {
    const folder = settings.format.imageFolder({ repeats: settings.repeats, trigger, captionClass: actor.descriptor });
    const stems = exportStems(selection.chosen.map((image) => image.fileName));
    const lines = selection.chosen.map((image) =>
      renderCaption(trigger, actor.descriptor, captions.get(image.id)?.body ?? ''),
    );
    const files = await writePairs(deps, staging, settings, folder, selection.chosen, stems, lines);
    const result = {
      target: '',
      settings,
      trigger,
      imageCount: selection.chosen.length,
      byType: countByType(selection.chosen),
      resizedCount: files.filter((f) => f.isChanged).length,
      leftOut: selection.leftOut,
    };
    const target = await writeTrainerFiles(staging, { ...result, actor, folder, files, exportedAt: nowIso(deps) });
    await staging.commit();
    return { ...result, target };
  } catch (error) {
    await staging.abort();
    throw error;
  }
}

function checkEnough(settings: ExportSettings, actorId: string, count: number, leftOut: number): void {
  const hint =
    leftOut > 0 && !settings.isIncludingFlagged
      ? ` (${leftOut} flagged image${leftOut === 1 ? '' : 's'} left out: see troupe balance --actor-id ${actorId} --dry-run, or pass --include-flagged)`
      : '';
  if (count === 0)
    throw invalidInput(
      `Actor ${actorId} has no images to export${hint}: generate some first (troupe generate --actor-id ${actorId} --count 20).`,
    );
  if (count < settings.format.minImages)
    throw invalidInput(
      `The ${settings.format.name} format needs at least ${settings.format.minImages} images; actor ${actorId} has ${count} to export${hint}.`,
    );
}

async function writePairs(
  deps: Deps,
  staging: ExportStaging,
  settings: ExportSettings,
  folder: string,
  images: readonly ImageRecord[],
  stems: readonly string[],
  lines: readonly string[],
): Promise<WrittenImage[]> {
  const written: WrittenImage[] = [];
  for (let start = 0; start < images.length; start += FIT_CONCURRENCY) {
    const batch = images.slice(start, start + FIT_CONCURRENCY);
    const fitted = await Promise.all(batch.map((image) => fitImage(deps, settings, image)));
    for (const [offset, fit] of fitted.entries()) {
      const index = start + offset;
      const fileName = `${stems[index]!}.${fit.extension}`;
      await staging.write(`${folder}/${fileName}`, fit.bytes);
      await staging.write(`${folder}/${stems[index]!}.txt`, new TextEncoder().encode(`${lines[index]!}\n`));
      written.push({ image: images[index]!, fileName, caption: lines[index]!, isChanged: fit.isChanged });
    }
  }
  return written;
}

async function fitImage(deps: Deps, settings: ExportSettings, image: ImageRecord) {
  const bytes = await deps.blobs.get(trainingImageKey(image.actorId, image.fileName));
  if (!bytes)
    throw new TroupeError('STORAGE', `Image ${image.fileName} is missing from disk: run troupe audit --repair.`);
  return deps.exportFitter.fit(bytes, { maxSidePx: settings.maxSidePx, isSquare: settings.isSquare });
}

function countByType(images: readonly ImageRecord[]): Record<ImageType | 'unknown', number> {
  const counts = { photorealistic: 0, bw_stylized: 0, color_stylized: 0, unknown: 0 };
  for (const image of images) counts[image.type ?? 'unknown'] += 1;
  return counts;
}

function nowIso(deps: Pick<AppDeps, 'clock'>): string {
  return new Date(deps.clock.now()).toISOString();
}
