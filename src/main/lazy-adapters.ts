import type { ExportImageFitter, ExportTargets, FaceAnalyzer, ImageAnalyzer, ImageInspector } from '../app/ports.js';
import { sha256Hex } from '../adapters/hashing/sha256-hex.js';

/** The methods of a port whose every method returns a promise: the only kind a module can be loaded behind. */
type AsyncPort<T> = { [K in keyof T]: T[K] extends (...args: never[]) => Promise<unknown> ? T[K] : never };

/**
 * An adapter whose module is imported on its first call, so a command that never uses it never pays for loading it
 * (sharp, face analysis and the zip writer take from a tenth of a second to a second each).
 */
export function lazyAdapter<T extends AsyncPort<T>>(load: () => Promise<T>): T {
  let loading: Promise<T> | undefined;
  return new Proxy({} as T, {
    get(_, name) {
      if (typeof name !== 'string' || name === 'then') return undefined;
      return async (...args: unknown[]) => {
        const adapter = await (loading ??= load());
        const method = adapter[name as keyof T] as (...args: unknown[]) => Promise<unknown>;
        return method.apply(adapter, args);
      };
    },
  });
}

/** The image inspector, with sharp loaded on the first decode; hashing needs only node's crypto. */
export function lazyImageInspector(): ImageInspector {
  const sharpPart = lazyAdapter<Omit<ImageInspector, 'sha256'>>(async () => {
    const { SharpImageInspector } = await import('../adapters/images/sharp-image-inspector.js');
    return new SharpImageInspector();
  });
  return {
    inspect: (bytes) => sharpPart.inspect(bytes),
    toJpeg: (bytes, maxSidePx) => sharpPart.toJpeg(bytes, maxSidePx),
    thumbnail: (bytes, sizePx) => sharpPart.thumbnail(bytes, sizePx),
    sha256: sha256Hex,
  };
}

export function lazyImageAnalyzer(): ImageAnalyzer {
  return lazyAdapter<ImageAnalyzer>(async () => {
    const { SharpImageAnalyzer } = await import('../adapters/images/sharp-image-analyzer.js');
    return new SharpImageAnalyzer();
  });
}

/** The process's face analysis worker threads, started only by the first face to analyse. */
export function lazyFaceAnalyzer(): FaceAnalyzer {
  return lazyAdapter<FaceAnalyzer>(async () => {
    const { sharedFaceAnalyzer } = await import('../adapters/faces/worker-face-analyzer.js');
    return sharedFaceAnalyzer();
  });
}

export function lazyExportFitter(): ExportImageFitter {
  return lazyAdapter<ExportImageFitter>(async () => {
    const { SharpExportFitter } = await import('../adapters/images/sharp-export-fitter.js');
    return new SharpExportFitter();
  });
}

export function lazyExportTargets(): ExportTargets {
  return lazyAdapter<ExportTargets>(async () => {
    const { LocalExportTargets } = await import('../adapters/export/local-export-targets.js');
    return new LocalExportTargets();
  });
}
