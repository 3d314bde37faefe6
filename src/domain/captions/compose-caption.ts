import type { ColorClass } from '../evaluation/image-measurements.js';
import type { ImageType } from '../prompts/image-type.js';
import type { CaptionFields } from './caption-fields.js';
import { framingFromFaceBox, type FaceBox } from './framing-from-face.js';

/** What was measured of the image, to correct what the prompt asked for. */
export interface CaptionEvidence {
  readonly colorClass: ColorClass | null;
  /** The largest face found, when identity analysis has run; null otherwise. */
  readonly faceBox: FaceBox | null;
}

const MONOCHROME_WORDS = /\b(black and white|monochrome|b&w|grayscale|greyscale)\b\s*/g;

/**
 * The caption body (everything after `trigger class, `) from a prompt's fields, corrected by measurement: the pixels
 * decide black and white vs colour, the face box (when there is one) decides the framing. Tags in field order.
 */
export function composeCaptionBody(fields: CaptionFields, evidence: CaptionEvidence): string {
  const framing = evidence.faceBox === null ? fields.framing : framingFromFaceBox(evidence.faceBox);
  const style = correctStyle(fields.style, evidence.colorClass);
  const tags = [framing, fields.angle, fields.expression, fields.setting, fields.lighting, style];
  return tags.filter((t): t is string => t !== undefined && t.length > 0).join(', ');
}

/** For an image whose prompt is unknown (imported without a caption): its type and what was measured. */
export function composeMeasuredBody(type: ImageType | null, evidence: CaptionEvidence): string {
  const fields: CaptionFields = { style: STYLE_OF_TYPE[type ?? 'unknown'] };
  return composeCaptionBody(fields, evidence);
}

const STYLE_OF_TYPE: Readonly<Record<ImageType | 'unknown', string>> = {
  photorealistic: 'photo',
  bw_stylized: 'black and white stylized image',
  color_stylized: 'stylized illustration',
  unknown: 'image',
};

function correctStyle(style: string | undefined, colorClass: ColorClass | null): string | undefined {
  const isMonochromeStyle = style !== undefined && new RegExp(MONOCHROME_WORDS.source).test(style);
  if (colorClass === 'monochrome' && !isMonochromeStyle) return `black and white ${style ?? 'image'}`;
  if (colorClass === 'color' && isMonochromeStyle) {
    const stripped = style.replace(MONOCHROME_WORDS, '').trim();
    return `color ${stripped.length > 0 ? stripped : 'image'}`;
  }
  return style;
}

/**
 * The caption a trainer reads: the trigger and class as the first tag (kohya's `keep_tokens = 1` keeps it in place
 * when tags are shuffled), then the body. A body that already starts with the trigger is used as it is.
 */
export function renderCaption(trigger: string, captionClass: string, body: string): string {
  const line = toCaptionLine(body);
  if (line === trigger || line.startsWith(`${trigger} `) || line.startsWith(`${trigger},`)) return line;
  return line.length === 0 ? `${trigger} ${captionClass}` : `${trigger} ${captionClass}, ${line}`;
}

/** One line of text: whitespace runs (newlines included) become one space, ends trimmed. */
export function toCaptionLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
