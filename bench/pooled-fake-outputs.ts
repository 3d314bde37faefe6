// The fake Replicate renders a fresh 512 px noise JPEG in JavaScript for every new seed (about 35 ms of main-thread
// CPU each). Its latency is scripted in hundreds of milliseconds here, so that rendering, not the engine, would set
// the wall time of a busy round. For the benchmark only, outputs come from a small pool rendered once, still chosen
// by seed, so the engine downloads, checks and keeps real JPEGs at the cost the real provider would impose on it.
import { OutputImages } from '../test/fakes/fake-replicate/output-images.js';

/** Serves outputs from `size` images rendered once; returns the function that puts the fake's own renderer back. */
export async function usePooledFakeOutputs(size: number): Promise<() => void> {
  const render = OutputImages.prototype.jpegFor;
  const renderer = new OutputImages();
  const pool = await Promise.all(Array.from({ length: size }, (_, i) => render.call(renderer, i)));
  OutputImages.prototype.jpegFor = (seed: number) => Promise.resolve(pool[(seed >>> 0) % size]!);
  return () => {
    OutputImages.prototype.jpegFor = render;
  };
}
