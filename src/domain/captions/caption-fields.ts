/**
 * What a prompt varies, in caption words: each a short phrase (`close-up portrait`, `three-quarter view`) or absent.
 * What stays the same across a set (the face, eyes, skin, age, ethnicity, hair) is never a field: a LoRA learns the
 * identity from the trigger word only when the captions leave it undescribed.
 */
export const CAPTION_FIELD_NAMES = ['framing', 'angle', 'expression', 'setting', 'lighting', 'style'] as const;
export type CaptionFieldName = (typeof CAPTION_FIELD_NAMES)[number];

export type CaptionFields = Readonly<Partial<Record<CaptionFieldName, string>>>;

/** Where an image's caption came from, as the manifest's `caption_source` says it. */
export const CAPTION_SOURCES = ['prompt', 'measured', 'imported', 'edited'] as const;
export type CaptionSource = (typeof CAPTION_SOURCES)[number];

export function isCaptionSource(value: string): value is CaptionSource {
  return (CAPTION_SOURCES as readonly string[]).includes(value);
}

/** Words that describe who the actor is rather than what varies: refused in fields and flagged in edits. */
const IDENTITY_WORDS = [
  'face',
  'facial',
  'eye',
  'eyes',
  'skin',
  'age',
  'aged',
  'year-old',
  'ethnic',
  'ethnicity',
  'race',
  'hair',
  'hairstyle',
  'freckles',
];
const IDENTITY_PATTERN = new RegExp(`\\b(${IDENTITY_WORDS.join('|')})\\b`, 'i');

/** The first identity word in the text, or undefined. */
export function identityWordIn(text: string): string | undefined {
  return IDENTITY_PATTERN.exec(text)?.[1]?.toLowerCase();
}

const FIELD_PATTERN = /^[a-z0-9][a-z0-9 '&/-]{0,59}$/;

/** The problem with one field value, or undefined when it can go into a caption. */
export function captionFieldProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || !FIELD_PATTERN.test(value)) {
    return "must be 1-60 lowercase letters, digits, spaces or ' & / - (no commas: each field is one caption tag)";
  }
  const word = identityWordIn(value);
  return word === undefined ? undefined : `describes the identity ("${word}"): captions say only what varies`;
}
