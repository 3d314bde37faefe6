import { describe, expect, it } from 'vitest';
import type { DetectedFace, FaceAnalysis } from './face-analysis.js';
import { DEFAULT_IDENTITY_THRESHOLDS as T } from './identity-thresholds.js';
import { describeVerdict, judgeIdentity } from './identity-verdict.js';

/** A unit descriptor along axis 0, moved by `offset` along axis 1: its distance to `reference` is about `offset`. */
function descriptorAt(offset: number): number[] {
  const d = Array.from({ length: 128 }, () => 0);
  d[0] = 1;
  d[1] = offset;
  return d;
}
const reference = descriptorAt(0);

function face(offset: number, overrides: Partial<DetectedFace> = {}): DetectedFace {
  return {
    box: { x: 100, y: 100, width: 200, height: 240 },
    score: 0.9,
    yaw: 0.5,
    descriptor: descriptorAt(offset),
    ...overrides,
  };
}

function image(...faces: DetectedFace[]): FaceAnalysis {
  return { width: 1024, height: 1024, faces };
}

describe('judgeIdentity', () => {
  it('bands a photorealistic face by its distance to the nearest reference', () => {
    expect(judgeIdentity(image(face(0.2)), [reference], 'photorealistic', T)).toMatchObject({
      verdict: 'same_person',
      distance: 0.2,
    });
    expect(judgeIdentity(image(face(0.5)), [reference], 'photorealistic', T).verdict).toBe('doubtful');
    expect(judgeIdentity(image(face(0.7)), [reference], 'photorealistic', T)).toMatchObject({
      verdict: 'different_person',
      distance: 0.7,
    });
  });

  it('takes the nearest of several references', () => {
    expect(judgeIdentity(image(face(0.7)), [reference, descriptorAt(0.65)], 'photorealistic', T).verdict).toBe(
      'same_person',
    );
  });

  it('judges stylized images in wider bands, so a sound stylized face is not rejected', () => {
    expect(judgeIdentity(image(face(0.58)), [reference], 'photorealistic', T).verdict).toBe('different_person');
    expect(judgeIdentity(image(face(0.58)), [reference], 'bw_stylized', T).verdict).toBe('doubtful');
    expect(judgeIdentity(image(face(0.48)), [reference], 'color_stylized', T).verdict).toBe('same_person');
  });

  it('says no face, several faces, or cannot judge (small, turned away, no reference) instead of guessing', () => {
    expect(judgeIdentity(image(), [reference], 'photorealistic', T).verdict).toBe('no_face');
    const second = face(0.7, { box: { x: 500, y: 100, width: 150, height: 180 } });
    expect(judgeIdentity(image(face(0.1), second), [reference], 'photorealistic', T)).toMatchObject({
      verdict: 'several_faces',
      reason: '2 faces',
    });
    const background = face(0.7, { box: { x: 500, y: 100, width: 40, height: 50 } });
    expect(judgeIdentity(image(face(0.1), background), [reference], 'photorealistic', T).verdict).toBe('same_person');
    const small = face(0.1, { box: { x: 0, y: 0, width: 30, height: 36 } });
    expect(judgeIdentity(image(small), [reference], 'photorealistic', T).reason).toMatch(/too small/);
    expect(judgeIdentity(image(face(0.1, { yaw: 0.1 })), [reference], 'photorealistic', T).reason).toBe(
      'face turned away',
    );
    expect(judgeIdentity(image(face(0.1)), [], 'photorealistic', T)).toMatchObject({
      verdict: 'cannot_judge',
      distance: null,
    });
  });

  it('reads as a user would say it', () => {
    expect(describeVerdict(judgeIdentity(image(face(0.71)), [reference], 'photorealistic', T))).toBe(
      'different person (face distance 0.71)',
    );
    expect(describeVerdict(judgeIdentity(image(face(0.1, { yaw: 0.9 })), [reference], null, T))).toBe(
      'cannot judge: face turned away (face distance 0.10)',
    );
  });
});
