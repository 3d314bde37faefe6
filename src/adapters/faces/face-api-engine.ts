import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { TroupeError } from '../../domain/errors/troupe-error.js';
import type { DetectedFace, FaceAnalysis } from '../../domain/identity/face-analysis.js';

import type * as FaceApiModule from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import type * as TfModule from '@tensorflow/tfjs';
import type * as TfWasmModule from '@tensorflow/tfjs-backend-wasm';

// The CommonJS builds, loaded with require: face-api's node-wasm bundle requires these same two modules.
type FaceApi = typeof FaceApiModule;
type TfWasm = typeof TfWasmModule;
type Tf = typeof TfModule;

/** `tiny_then_ssd`: the tiny detector, and SSD MobileNet only for images where it finds no face. */
export type FaceDetectorName = 'tiny' | 'ssd' | 'tiny_then_ssd';

export interface FaceEngineOptions {
  readonly detector: FaceDetectorName;
  /** Images are analysed at this longest side at most; boxes are scaled back to the original's pixels. */
  readonly analysisMaxSidePx: number;
}

/**
 * Chosen by measuring (`npm run calibrate:identity`): the tiny detector is 2-3x faster than SSD MobileNet but misses
 * some faces SSD finds (turned, graded, small), and a photorealistic image with "no face" is deleted by the balancer,
 * so no-face must be SSD's word. Tiny first, SSD only when tiny finds nothing: SSD's no-face reliability at about
 * tiny's cost on images that show a face.
 */
export const DEFAULT_FACE_ENGINE_OPTIONS: FaceEngineOptions = { detector: 'tiny_then_ssd', analysisMaxSidePx: 1024 };

const MAX_INPUT_PIXELS = 64_000_000;
const MIN_DETECTION_SCORE = 0.5;
const NOSE_TIP = 30;
const JAW_LEFT = 0;
const JAW_RIGHT = 16;

const require = createRequire(import.meta.url);

/**
 * face-api on TensorFlow.js' WebAssembly backend: weights from the package's model/ folder and the wasm binaries from
 * tfjs-backend-wasm's dist/, both read from disk (nothing is downloaded). Load once per thread: it holds the models.
 */
export class FaceApiEngine {
  private constructor(
    private readonly faceapi: FaceApi,
    private readonly options: FaceEngineOptions,
  ) {}

  static async load(options: FaceEngineOptions = DEFAULT_FACE_ENGINE_OPTIONS): Promise<FaceApiEngine> {
    const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
    const wasmDir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
    // face-api requires these same two modules, so setting the backend here sets it for face-api.
    const tf = require('@tensorflow/tfjs') as Tf;
    (require('@tensorflow/tfjs-backend-wasm') as TfWasm).setWasmPaths(`${wasmDir}${path.sep}`);
    await tf.setBackend('wasm');
    await tf.ready();
    const modelDir = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
    const detectors =
      options.detector === 'tiny'
        ? [faceapi.nets.tinyFaceDetector]
        : options.detector === 'ssd'
          ? [faceapi.nets.ssdMobilenetv1]
          : [faceapi.nets.tinyFaceDetector, faceapi.nets.ssdMobilenetv1];
    for (const detector of detectors) if (!detector.isLoaded) await detector.loadFromDisk(modelDir);
    if (!faceapi.nets.faceLandmark68Net.isLoaded) await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
    if (!faceapi.nets.faceRecognitionNet.isLoaded) await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);
    return new FaceApiEngine(faceapi, options);
  }

  async analyze(bytes: Uint8Array): Promise<FaceAnalysis> {
    const { faceapi } = this;
    const decoded = await decode(bytes, this.options.analysisMaxSidePx);
    const tensor = faceapi.tf.tensor3d(decoded.rgb, [decoded.height, decoded.width, 3], 'int32');
    try {
      let found = await this.detect(tensor, this.options.detector === 'ssd' ? 'ssd' : 'tiny');
      if (found.length === 0 && this.options.detector === 'tiny_then_ssd') found = await this.detect(tensor, 'ssd');
      const scale = decoded.original.width / decoded.width;
      const faces: DetectedFace[] = found.map((f) => ({
        box: {
          x: round1(f.detection.box.x * scale),
          y: round1(f.detection.box.y * scale),
          width: round1(f.detection.box.width * scale),
          height: round1(f.detection.box.height * scale),
        },
        score: round3(f.detection.score),
        yaw: round3(yawOf(f.landmarks.positions)),
        descriptor: Array.from(f.descriptor, (v) => Math.round(v * 1e5) / 1e5),
      }));
      faces.sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
      return { width: decoded.original.width, height: decoded.original.height, faces };
    } finally {
      tensor.dispose();
    }
  }

  private detect(tensor: Parameters<FaceApi['detectAllFaces']>[0], detector: 'tiny' | 'ssd') {
    const { faceapi } = this;
    const options =
      detector === 'tiny'
        ? new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: MIN_DETECTION_SCORE })
        : new faceapi.SsdMobilenetv1Options({ minConfidence: MIN_DETECTION_SCORE });
    return faceapi.detectAllFaces(tensor, options).withFaceLandmarks().withFaceDescriptors();
  }
}

interface Decoded {
  readonly rgb: Int32Array;
  readonly width: number;
  readonly height: number;
  readonly original: { readonly width: number; readonly height: number };
}

async function decode(bytes: Uint8Array, maxSidePx: number): Promise<Decoded> {
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).rotate();
    const meta = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    const isTurned = (meta.orientation ?? 1) >= 5;
    const original = isTurned
      ? { width: meta.height ?? 0, height: meta.width ?? 0 }
      : { width: meta.width ?? 0, height: meta.height ?? 0 };
    const { data, info } = await image
      .resize({ width: maxSidePx, height: maxSidePx, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels`);
    return { rgb: Int32Array.from(data), width: info.width, height: info.height, original };
  } catch (error) {
    throw new TroupeError('INVALID_IMAGE', `The image could not be decoded for face analysis: ${String(error)}.`, {
      cause: error,
    });
  }
}

function yawOf(points: readonly { x: number }[]): number {
  const left = points[JAW_LEFT]?.x ?? 0;
  const right = points[JAW_RIGHT]?.x ?? 0;
  const nose = points[NOSE_TIP]?.x ?? 0;
  const span = right - left;
  return span <= 0 ? 0.5 : Math.min(1, Math.max(0, (nose - left) / span));
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
