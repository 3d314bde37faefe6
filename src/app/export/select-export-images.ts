import { evaluateSet, type EvaluationDeps } from '../balance/evaluate-set.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import { describeDefect } from '../../domain/balance/balance-plan.js';
import { findDefects } from '../../domain/balance/image-defects.js';
import { DEFAULT_THRESHOLDS } from '../../domain/balance/quality-thresholds.js';
import type { ColorClass } from '../../domain/evaluation/image-measurements.js';
import type { ImageRecord } from '../../domain/images/image-record.js';

export interface ExportSelection {
  readonly chosen: readonly ImageRecord[];
  readonly leftOut: readonly { readonly fileName: string; readonly reason: string }[];
  /** What the evaluation measured, for the captions. */
  readonly colors: ReadonlyMap<string, ColorClass | null>;
}

/**
 * The images a trainer should see: the sound ones (no defect the balancer flags), or every readable one with
 * `isIncludingFlagged`. A file that cannot be read is never exported. Identity analysis's off-model verdicts will
 * join the defects here once they exist.
 */
export async function selectExportImages(
  deps: EvaluationDeps,
  actorId: ActorId,
  isIncludingFlagged: boolean,
): Promise<ExportSelection> {
  const { set } = await evaluateSet(deps, actorId);
  const defects = findDefects(set, DEFAULT_THRESHOLDS);
  const chosen: ImageRecord[] = [];
  const leftOut: { fileName: string; reason: string }[] = [];
  for (const entry of set) {
    const found = defects.get(entry.image.id) ?? [];
    const isUnreadable = entry.measurements === null;
    if (found.length === 0 || (isIncludingFlagged && !isUnreadable)) chosen.push(entry.image);
    else leftOut.push({ fileName: entry.image.fileName, reason: found.map(describeDefect).join('; ') });
  }
  const colors = new Map(set.map((entry) => [entry.image.id, entry.measurements?.colorClass ?? null]));
  return { chosen, leftOut, colors };
}
