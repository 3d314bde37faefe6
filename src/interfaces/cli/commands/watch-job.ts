import { spendLine } from '../views/spend-view.js';
import path from 'node:path';
import type { GenerationJob } from '../../../domain/generation/job.js';
import { isPartial } from '../../../domain/generation/job-outcome.js';
import { formatPermille } from '../../../domain/generation/success-rate.js';
import { formatTargets } from '../../../domain/generation/type-targets.js';
import { formatUsd } from '../../../domain/money/micro-usd.js';
import type { CliIo, OpenedApp } from '../cli-context.js';
import { ProgressView } from '../views/progress-view.js';
import { formatOdds, forecastVersusOutcome, oddsLines } from '../views/odds-view.js';
import type { GenerationPreview } from '../../../app/generation/create-job.js';
import { ACTOR_PROMPT_RETIREMENT } from '../../../domain/prompts/prompt-rotation.js';
import { countOf } from '../../../domain/text/count-noun.js';

/**
 * Prints the retry plan a job will follow and its odds, before it starts. A dry run's job was never recorded, so
 * it has no id to show; `preview` adds what was learned about the success rate and the prompts.
 */
export function printPlan(
  io: CliIo,
  job: GenerationJob,
  { preview, isDryRun = false }: { preview?: GenerationPreview; isDryRun?: boolean } = {},
): void {
  const options = Object.entries(job.providerOptions)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const cap = job.costCapMicroUsd === null ? 'no cost cap' : `cost cap ${formatUsd(job.costCapMicroUsd)}`;
  const simulated = job.provider === 'sim' ? ' (simulated: the sim provider charges nothing)' : '';
  const earlyStop =
    job.earlyStopBelow > 0 ? `stops early below ${formatOdds(job.earlyStopBelow)} odds` : 'no early stop';
  const title = isDryRun ? 'Plan' : `Job ${job.id}`;
  const lines = [
    `${title}: ${countOf(job.requestedImages, 'image')} for ${job.actorId} (${formatTargets(job.typeTargets)})`,
    `Retry plan: ${job.mode} mode, up to ${countOf(job.maxAttempts, 'attempt')}, ${job.concurrency} at a time, on ${job.provider}${options ? ` (${options})` : ''}; ${earlyStop}`,
    `Cost: ${formatUsd(job.priceMicroUsd)} per image${simulated}, at most ${formatUsd(job.priceMicroUsd * job.requestedImages)} for the ${countOf(job.requestedImages, 'image')} kept${sparesNote(job)}; ${cap}`,
  ];
  if (job.forecast !== null) lines.push(...oddsLines(job.forecast, job.requestedImages));
  if (preview !== undefined) {
    const learned =
      preview.observedAttempts > 0
        ? `learned from ${preview.observedAttempts} earlier attempts on this provider`
        : 'a typical rate: nothing learned on this provider yet';
    lines.push(`Success rate ${formatOdds(preview.expectedSuccessRate)}: ${learned}`);
    if (preview.lowOddsReason !== null) {
      lines.push(`${isDryRun ? 'Would not start' : 'Starting'} without --yes: ${preview.lowOddsReason}`);
    }
    if (preview.retiredPrompts.length > 0) {
      lines.push(
        `Retired for ${job.actorId} (the filter refused them ${ACTOR_PROMPT_RETIREMENT}+ times): ${preview.retiredPrompts.join(', ')}`,
      );
    }
  }
  io.stdout.write(`${lines.join('\n')}\n\n`);
}

/**
 * Runs a job in this process with live progress; Ctrl-C cancels it cleanly (a second Ctrl-C leaves at once, and the
 * job stays resumable). Returns the exit code: 0 for completed (also partial), 1 otherwise.
 */
export async function runWithProgress(io: CliIo, app: OpenedApp, job: GenerationJob): Promise<number> {
  const controller = new AbortController();
  const view = new ProgressView(io, job);
  const removeHandler = io.onInterrupt(() => {
    if (controller.signal.aborted) {
      view.clear();
      process.exit(130);
    }
    // The terminal has echoed ^C on the line below the bars: start from its beginning.
    view.interject(
      '\rCanceling: waiting for runs in flight to stop (Ctrl-C again to leave now; the job stays resumable)...\n',
    );
    controller.abort();
  });
  view.attach(app.troupe.deps.events);
  let finished: GenerationJob;
  try {
    finished = await app.troupe.runJob(job.id, { owner: app.owner, signal: controller.signal });
  } finally {
    view.detach();
    removeHandler();
  }
  await printSummary(io, app, finished);
  return finished.status === 'completed' ? 0 : 1;
}

async function printSummary(io: CliIo, app: OpenedApp, job: GenerationJob): Promise<void> {
  io.stdout.write(
    `\nJob ${job.id} ${isPartial(job) ? 'partial' : job.status}: ${job.completedImages}/${job.requestedImages} images in ${countOf(job.currentAttempt, 'attempt')}, ` +
      `success rate ${formatPermille(job.successRatePermille)}, ${job.provider === 'sim' ? 'simulated cost' : 'spent'} ${spendLine(job)}.\n`,
  );
  if (job.finishReason) io.stdout.write(`${job.finishReason}\n`);
  const versus = forecastVersusOutcome(job);
  if (versus !== undefined) io.stdout.write(`${versus}\n`);
  const images = (await app.troupe.listImages(job.actorId)).filter((image) => image.jobId === job.id);
  if (images.length > 0) {
    const folder = path.posix.join(app.troupe.settings.dataDirLabel, 'actors', job.actorId, 'training_data');
    io.stdout.write(`Files (${folder}/):\n`);
    for (const image of images) io.stdout.write(`  ${image.fileName}  ${image.type ?? ''}  ${image.promptId ?? ''}\n`);
  }
  io.stdout.write(`Manifest: ${app.troupe.manifestPath(job.actorId)}\n`);
}

/** Why "spent" can exceed "at most ... for the images": the fast mode may pay for spares, and the summary splits them out. */
function sparesNote(job: GenerationJob): string {
  return job.mode === 'fast' ? ', plus any spare that succeeds after the last image (paid, not kept)' : '';
}
