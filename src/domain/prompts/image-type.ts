/** The three kinds of training image, in the seed's order (prompts[0:15], [15:26], [26:35]). */
export const IMAGE_TYPES = ['photorealistic', 'bw_stylized', 'color_stylized'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

export function isImageType(value: string): value is ImageType {
  return (IMAGE_TYPES as readonly string[]).includes(value);
}
