/** A face's box as fractions of the image (0..1), as identity analysis reports it. */
export interface FaceBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The framing a face box implies, by the share of the image's height the face takes: a head filling the frame is a
 * close-up, a small one a full-body shot. Thresholds from portrait photography's usual crops.
 */
export function framingFromFaceBox(box: FaceBox): string {
  if (box.height >= 0.4) return 'close-up portrait';
  if (box.height >= 0.22) return 'head and shoulders';
  if (box.height >= 0.1) return 'half body';
  return 'full body';
}
