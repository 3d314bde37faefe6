import type { ImageType } from '../prompts/image-type.js';

/** Distance bands for one kind of image: at most `samePerson` is the actor, over `differentPerson` is not. */
export interface DistanceBands {
  readonly samePerson: number;
  readonly differentPerson: number;
}

export interface IdentityThresholds {
  /** By the image's type; unlabelled images are judged as photorealistic. */
  readonly bands: Readonly<Record<ImageType, DistanceBands>>;
  /** A face narrower than this (pixels of the original) is too small to describe reliably. */
  readonly minFaceSidePx: number;
  /** A second face at least this share of the largest one's area makes it a picture of several people. */
  readonly secondFaceShare: number;
  /** Yaw (nose between the jaw's ends) outside [min, 1 - min] is a head turned too far to compare. */
  readonly minYaw: number;
}

/**
 * Calibrated with `npm run calibrate:identity` on the face-api demo photos (22 faces of 9 people... see
 * test/fixtures/faces/README.md) and on Troupe's own edits of one face: every edit of one face stayed under
 * `samePerson` and every other person lay over `differentPerson` (the table is in the README). Stylized images move
 * a face further (grain, toning, posterize), so their bands are wider: a sound stylized image is judged doubtful
 * rather than rejected.
 */
export const DEFAULT_IDENTITY_THRESHOLDS: IdentityThresholds = {
  bands: {
    photorealistic: { samePerson: 0.45, differentPerson: 0.55 },
    bw_stylized: { samePerson: 0.5, differentPerson: 0.6 },
    color_stylized: { samePerson: 0.5, differentPerson: 0.6 },
  },
  minFaceSidePx: 48,
  secondFaceShare: 0.3,
  minYaw: 0.22,
};
