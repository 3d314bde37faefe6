import { describe, expect, it } from 'vitest';
import defaultPromptsFile from '../../../assets/prompts/default-prompts.json' with { type: 'json' };
import { parseActorId } from '../actors/actor-id.js';
import { parsePromptLibrary } from '../prompts/prompt-library.js';
import { CAPTION_FIELD_NAMES, identityWordIn } from './caption-fields.js';
import { composeCaptionBody, composeMeasuredBody, renderCaption } from './compose-caption.js';
import { framingFromFaceBox } from './framing-from-face.js';
import { defaultTriggerWord, parseTriggerWord } from './trigger-word.js';

const fields = {
  framing: 'close-up portrait',
  angle: 'three-quarter view',
  expression: 'smiling',
  setting: 'rainy neon street at night',
  style: 'photo',
};
const none = { colorClass: null, faceBox: null } as const;

describe('composeCaptionBody', () => {
  it('puts what varies in field order, skipping what the prompt leaves open', () => {
    expect(renderCaption('ohwx', 'woman', composeCaptionBody(fields, none))).toBe(
      'ohwx woman, close-up portrait, three-quarter view, smiling, rainy neon street at night, photo',
    );
  });

  it('the pixels decide black and white vs colour', () => {
    expect(composeCaptionBody({ style: 'photo' }, { colorClass: 'monochrome', faceBox: null })).toBe(
      'black and white photo',
    );
    expect(
      composeCaptionBody({ style: 'black and white charcoal sketch' }, { colorClass: 'color', faceBox: null }),
    ).toBe('color charcoal sketch');
    expect(composeCaptionBody({ style: 'black and white ink' }, { colorClass: 'monochrome', faceBox: null })).toBe(
      'black and white ink',
    );
    expect(composeCaptionBody({ style: 'photo' }, { colorClass: 'uncertain', faceBox: null })).toBe('photo');
  });

  it('a face box decides the framing', () => {
    const faceBox = { x: 0.4, y: 0.1, width: 0.05, height: 0.06 };
    expect(composeCaptionBody(fields, { colorClass: null, faceBox })).toMatch(/^full body, three-quarter view/);
    expect(framingFromFaceBox({ ...faceBox, height: 0.5 })).toBe('close-up portrait');
    expect(framingFromFaceBox({ ...faceBox, height: 0.3 })).toBe('head and shoulders');
    expect(framingFromFaceBox({ ...faceBox, height: 0.15 })).toBe('half body');
  });

  it('an image with no known prompt is described by its type and pixels', () => {
    expect(composeMeasuredBody('photorealistic', none)).toBe('photo');
    expect(composeMeasuredBody(null, { colorClass: 'monochrome', faceBox: null })).toBe('black and white image');
  });
});

describe('renderCaption', () => {
  it('is one line, trigger and class first, never doubled', () => {
    expect(renderCaption('ohwx', 'woman', '  on a pier\n at dawn ')).toBe('ohwx woman, on a pier at dawn');
    expect(renderCaption('ohwx', 'woman', 'ohwx woman, on a pier')).toBe('ohwx woman, on a pier');
    expect(renderCaption('ohwx', 'woman', '')).toBe('ohwx woman');
  });
});

describe('the built-in prompts', () => {
  const library = parsePromptLibrary(defaultPromptsFile, 'default-prompts.json');
  it('every prompt states all six caption fields (null where the prompt leaves it open), and a style', () => {
    for (const prompt of defaultPromptsFile.prompts) {
      expect(Object.keys(prompt.caption).sort()).toEqual([...CAPTION_FIELD_NAMES].sort());
    }
    for (const prompt of library.prompts) expect(prompt.caption?.style).toBeTruthy();
  });

  it('no caption field describes the identity', () => {
    for (const prompt of library.prompts)
      for (const value of Object.values(prompt.caption ?? {})) expect(identityWordIn(value)).toBeUndefined();
  });

  it('refuses a field that describes the identity, an unknown field and a comma', () => {
    const photo = { id: 'p', type: 'photorealistic', template: 'A {descriptor}.' };
    const bw = { id: 'b', type: 'bw_stylized', template: 'A {descriptor}.' };
    const color = { id: 'c', type: 'color_stylized', template: 'A {descriptor}.' };
    const bad = { ...photo, caption: { expression: 'blue eyes', mood: 'calm', setting: 'a, b' } };
    expect(() => parsePromptLibrary({ prompts: [bad, bw, color] }, 'x.json')).toThrow(
      /prompts\[0\]\.caption\.expression describes the identity \("eyes"\).*prompts\[0\]\.caption\.mood is not a caption field.*prompts\[0\]\.caption\.setting must be/,
    );
  });
});

describe('trigger words', () => {
  it('defaults to a rare token made from the id', () => {
    expect(defaultTriggerWord(parseActorId('0001_european_20_female'))).toBe('rpnfml0001');
    expect(defaultTriggerWord(parseActorId('0000_demo_character'))).toBe('dmchrc0000');
    expect(defaultTriggerWord(parseActorId('ai'))).toBe('ohwxai');
  });

  it('is one token', () => {
    expect(parseTriggerWord(' OHWX ')).toBe('ohwx');
    expect(() => parseTriggerWord('two words')).toThrow('use one token');
    expect(() => parseTriggerWord('ab')).toThrow('use one token');
  });
});
