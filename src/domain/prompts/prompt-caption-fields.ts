import {
  CAPTION_FIELD_NAMES,
  captionFieldProblem,
  type CaptionFieldName,
  type CaptionFields,
} from '../captions/caption-fields.js';

/**
 * Reads a prompt's optional `caption` object: `{"framing": "half body", "angle": null, ...}`. A field is a short
 * phrase, or null when the prompt leaves it to the model. Problems are added to `problems`, prefixed with `where`.
 */
export function readCaptionFields(raw: unknown, where: string, problems: string[]): CaptionFields {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push(`${where} must be an object with ${CAPTION_FIELD_NAMES.join(', ')}`);
    return {};
  }
  const fields: Partial<Record<CaptionFieldName, string>> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!(CAPTION_FIELD_NAMES as readonly string[]).includes(name)) {
      problems.push(`${where}.${name} is not a caption field (use ${CAPTION_FIELD_NAMES.join(', ')})`);
      continue;
    }
    if (value === null) continue;
    const problem = captionFieldProblem(value);
    if (problem === undefined) fields[name as CaptionFieldName] = value as string;
    else problems.push(`${where}.${name} ${problem}`);
  }
  return fields;
}
