import type { ImageInspector } from '../ports.js';
import type { ProviderFailure } from '../../domain/generation/failure-class.js';
import { rejectionReason } from '../../domain/images/image-acceptance.js';

const OUTPUT_MAX_SIDE_PX = 4096;

/** Bytes that decoded as an image: what arrived is whole, whatever it shows. */
export interface DecodedOutput {
  readonly bytes: Uint8Array;
  readonly format: string;
  readonly width: number;
  readonly height: number;
  readonly luminanceStdDev: number;
}

/**
 * Transfer check, run on every download: the bytes must decode. A failure here means the download was damaged
 * (short, corrupt) and is worth fetching again; it says nothing about the image itself.
 */
export async function decodeOutput(inspector: ImageInspector, bytes: Uint8Array): Promise<DecodedOutput> {
  const metrics = await inspector.inspect(bytes);
  return { bytes, ...metrics };
}

export type OutputVerdict =
  | { readonly kind: 'accepted'; readonly jpeg: Uint8Array }
  | { readonly kind: 'rejected'; readonly failure: ProviderFailure };

/**
 * Acceptance, run once on an output that arrived whole: is this image fit for the set? A rejection ends the attempt
 * (paid, not kept): downloading the same output again would give the same image. Further checks (identity) belong
 * here, after the download and before numbering.
 */
export async function acceptOutput(inspector: ImageInspector, output: DecodedOutput): Promise<OutputVerdict> {
  const reason = rejectionReason(output);
  if (reason) {
    return { kind: 'rejected', failure: { stage: 'output', message: `The output image was rejected: ${reason}.` } };
  }
  const jpeg = output.format === 'jpeg' ? output.bytes : await inspector.toJpeg(output.bytes, OUTPUT_MAX_SIDE_PX);
  return { kind: 'accepted', jpeg };
}
