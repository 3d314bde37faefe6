import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

export const FEMALE = '0001_european_20_female';
export const MALE = '0002_asian_25_male';

/** A detailed portrait whose colors depend on `hue`, so every file has its own bytes. */
export async function portrait(
  hue: number,
  format: 'jpeg' | 'png' | 'webp',
  widthPx = 512,
  heightPx = 640,
): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${widthPx}" height="${heightPx}" viewBox="0 0 512 640" preserveAspectRatio="none">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},80%,60%)"/>
    <stop offset="1" stop-color="hsl(${(hue + 150) % 360},70%,40%)"/></linearGradient></defs>
    <rect width="512" height="640" fill="url(#g)"/><circle cx="256" cy="240" r="120" fill="#fc9"/>
    <circle cx="216" cy="224" r="14" fill="#235"/><circle cx="296" cy="224" r="14" fill="#235"/>
    <path d="M200 296 Q256 336 312 296" stroke="#a33" stroke-width="8" fill="none"/>
    <rect x="136" y="384" width="240" height="256" rx="48" fill="hsl(${(hue + 60) % 360},60%,45%)"/></svg>`;
  const image = sharp(Buffer.from(svg));
  return format === 'jpeg'
    ? image.jpeg({ quality: 90 }).toBuffer()
    : format === 'png'
      ? image.png().toBuffer()
      : image.webp().toBuffer();
}

const entry = (actorId: string, file: string, index: number | string, type: unknown, by = 'balancer') => ({
  prompt: `Transform the character into a ${String(type)} portrait, number ${index}, keeping the face exactly.`,
  prompt_preview: `Transform the character into a ${String(type)} portrait...`,
  generated_at: `2025-10-17T16:${String(10 + Number(index)).padStart(2, '0')}:00.000000`,
  s3_url: `https://seed-bucket.s3.amazonaws.com/actors/${actorId}/training_data/${file}`,
  local_path: `data/actors/${actorId}/training_data/${file}`,
  index,
  type,
  generated_by: by,
});

async function put(file: string, bytes: Uint8Array | string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes);
}

/**
 * A seed-format `data/` folder as real ones are: all three name patterns, an uppercase extension, a file the manifest
 * does not list, a manifest entry whose file is gone, a non-image, a truncated JPEG, a byte-identical `(1)` copy, a
 * wrong-typed manifest field, a numberless file, a folder that is no actor id and a manifest of no folder. The female
 * actor's base image is in `base_image/`; the male actor's only in its manifest's `base_images`. Returns the folder.
 */
export async function writeMessySeedFolder(parent: string): Promise<string> {
  const data = path.join(parent, 'data');
  const female = path.join(data, 'actors', FEMALE, 'training_data');
  const male = path.join(data, 'actors', MALE, 'training_data');
  await put(path.join(data, 'actors', FEMALE, 'base_image', 'portrait.png'), await portrait(10, 'png', 640, 800));
  await put(path.join(female, `${FEMALE}_12.png`), await portrait(40, 'png'));
  await put(path.join(female, 'actor_0001_td_05.jpg'), await portrait(70, 'jpeg'));
  await put(path.join(female, '0001_15.jpg'), await portrait(100, 'jpeg'));
  await copyFile(path.join(female, '0001_15.jpg'), path.join(female, '0001_15 (1).jpg'));
  await put(path.join(female, 'X_3.JPG'), await portrait(130, 'jpeg'));
  await put(path.join(female, 'actor_0001_td_08.jpg'), await portrait(160, 'jpeg'));
  const whole = await portrait(190, 'jpeg');
  await put(path.join(female, `${FEMALE}_7.jpg`), whole.subarray(0, Math.floor(whole.length / 2)));
  await put(path.join(female, 'notes.txt'), 'retake 7 and 9, the lighting is off\n');
  await put(
    path.join(data, 'actor_manifests', '0001_manifest.json'),
    JSON.stringify(
      {
        actor_id: FEMALE,
        descriptor: 'woman',
        base_images: [`data/actors/${FEMALE}/base_image/portrait.png`],
        images: {
          [`${FEMALE}_12.png`]: entry(FEMALE, `${FEMALE}_12.png`, 12, 'bw_stylized'),
          'actor_0001_td_05.jpg': entry(FEMALE, 'actor_0001_td_05.jpg', 5, 'photorealistic', 'generate_training_data'),
          '0001_15.jpg': entry(FEMALE, '0001_15.jpg', 15, 'color_stylized'),
          'X_3.JPG': entry(FEMALE, 'X_3.JPG', 3, 42),
          [`${FEMALE}_7.jpg`]: entry(FEMALE, `${FEMALE}_7.jpg`, 7, 'photorealistic'),
          [`${FEMALE}_9.jpg`]: entry(FEMALE, `${FEMALE}_9.jpg`, 9, 'bw_stylized'),
        },
        generations: [{ generated_at: '2025-10-17T16:55:00.000000', requested: 7, generated: 6 }],
        total_images: 6,
      },
      null,
      2,
    ),
  );

  await put(path.join(data, 'actors', MALE, 'reference', 'front.png'), await portrait(220, 'png', 600, 720));
  await put(path.join(male, `${MALE}_1.jpg`), await portrait(250, 'jpeg'));
  await put(path.join(male, `${MALE}_2.jpg`), await portrait(280, 'jpeg'));
  await put(path.join(male, '0002_04.webp'), await portrait(310, 'webp'));
  await put(path.join(male, 'portrait_final.jpg'), await portrait(340, 'jpeg'));
  await put(
    path.join(data, 'actor_manifests', '0002_manifest.json'),
    JSON.stringify({
      actor_id: MALE,
      descriptor: 'man',
      base_images: [`data/actors/${MALE}/reference/front.png`],
      images: {
        [`${MALE}_1.jpg`]: entry(MALE, `${MALE}_1.jpg`, 1, 'photorealistic'),
        [`${MALE}_2.jpg`]: entry(MALE, `${MALE}_2.jpg`, 2, 'bw_stylized'),
        '0002_04.webp': entry(MALE, '0002_04.webp', 4, 'color_stylized'),
      },
      total_images: 3,
    }),
  );

  await put(path.join(data, 'actors', 'Temp Folder', 'training_data', 'a_1.jpg'), await portrait(20, 'jpeg'));
  await put(
    path.join(data, 'actor_manifests', '0003_manifest.json'),
    JSON.stringify({ actor_id: '0003_gone', images: {} }),
  );
  return data;
}

/** What the messy folder holds that is sound, as Troupe should have it after import: file -> [number, type]. */
export const EXPECTED_IMAGES: Readonly<Record<string, Readonly<Record<string, readonly [number, string | null]>>>> = {
  [FEMALE]: {
    'X_3.JPG': [3, null],
    'actor_0001_td_05.jpg': [5, 'photorealistic'],
    'actor_0001_td_08.jpg': [8, null],
    [`${FEMALE}_12.png`]: [12, 'bw_stylized'],
    '0001_15.jpg': [15, 'color_stylized'],
  },
  [MALE]: {
    [`${MALE}_1.jpg`]: [1, 'photorealistic'],
    [`${MALE}_2.jpg`]: [2, 'bw_stylized'],
    '0002_04.webp': [4, 'color_stylized'],
    [`${MALE}_5.jpg`]: [5, null],
  },
};

/** Fragments the import report must contain, one per oddity in the messy folder. */
export const EXPECTED_ODDITIES: readonly string[] = [
  `${FEMALE}: skipped actors/${FEMALE}/training_data/notes.txt: not an image`,
  `${FEMALE}: skipped actors/${FEMALE}/training_data/${FEMALE}_7.jpg: not a readable image (VipsJpeg: premature end of JPEG image)`,
  `${FEMALE}: skipped actors/${FEMALE}/training_data/0001_15 (1).jpg: an identical copy of 0001_15.jpg`,
  `${FEMALE}: actor_manifests/0001_manifest.json: images["X_3.JPG"].type: number 42 is not one of photorealistic, bw_stylized, color_stylized; stored as unknown`,
  `${FEMALE}: actor_0001_td_08.jpg: not in the manifest: type unknown`,
  `${FEMALE}: ${FEMALE}_9.jpg: in the manifest, but the file is missing`,
  `${MALE}: portrait_final.jpg: not in the manifest: type unknown`,
  `${MALE}: portrait_final.jpg: its name carries no number: imported as ${MALE}_5.jpg`,
  'Temp Folder: skipped actors/Temp Folder: the folder name is not an actor id: Actor id "Temp Folder" is invalid',
  'folder: actor_manifests/0003_manifest.json: belongs to no folder in actors/: ignored',
];
