import { describe, expect, it } from 'vitest';
import defaultPromptsFile from '../../../assets/prompts/default-prompts.json' with { type: 'json' };
import { countPromptsByType, parsePromptLibrary, promptPreview, renderPrompt, type Prompt } from './prompt-library.js';

const SOURCE = 'prompts.json';
const photo = { id: 'photo-a', type: 'photorealistic', template: 'A photo of the {descriptor}.' };
const bw = { id: 'bw-a', type: 'bw_stylized', template: 'A charcoal drawing of the {descriptor}.' };
const color = { id: 'color-a', type: 'color_stylized', template: 'A watercolor of the {descriptor}.' };

function messageOf(data: unknown): string {
  try {
    parsePromptLibrary(data, SOURCE);
  } catch (error) {
    expect(error).toMatchObject({ code: 'INVALID_PROMPTS' });
    return (error as Error).message;
  }
  throw new Error('expected parsePromptLibrary to refuse the file');
}

describe('parsePromptLibrary on the built-in library', () => {
  const library = parsePromptLibrary(defaultPromptsFile, 'default-prompts.json');

  it('holds the seed 35 prompts, split 15/11/9', () => {
    expect(library.prompts).toHaveLength(35);
    expect(countPromptsByType(library)).toEqual({ photorealistic: 15, bw_stylized: 11, color_stylized: 9 });
  });

  it('keeps the seed order: photorealistic, then bw_stylized, then color_stylized', () => {
    const types = library.prompts.map((p) => p.type);
    expect(types.slice(0, 15).every((t) => t === 'photorealistic')).toBe(true);
    expect(types.slice(15, 26).every((t) => t === 'bw_stylized')).toBe(true);
    expect(types.slice(26, 35).every((t) => t === 'color_stylized')).toBe(true);
  });

  it('has unique ids and a {descriptor} in every template', () => {
    expect(new Set(library.prompts.map((p) => p.id)).size).toBe(35);
    for (const prompt of library.prompts) expect(prompt.template).toContain('{descriptor}');
  });
});

describe('parsePromptLibrary errors', () => {
  it('accepts a minimal library with one prompt of each type', () => {
    expect(parsePromptLibrary({ prompts: [photo, bw, color] }, SOURCE).prompts.map((p) => p.id)).toEqual([
      'photo-a',
      'bw-a',
      'color-a',
    ]);
  });

  it('reports every problem of the file in one error', () => {
    const message = messageOf({
      prompts: [
        { ...photo, id: 'Bad Id' },
        { ...bw, template: 'Draw the {name}.' },
        { ...color, type: 'portrait' },
      ],
    });
    expect(message).toContain('Prompts file prompts.json is invalid');
    expect(message).toContain('prompts[0].id must be lowercase letters');
    expect(message).toContain('prompts[1].template has unknown placeholder {name}');
    expect(message).toContain('prompts[2].type must be one of photorealistic, bw_stylized, color_stylized');
    expect(message).toContain('omit --prompts to use the built-in library');
  });

  it.each([null, 'prompts', 42, [], {}, { prompts: 'x' }])('refuses %j: not an object with a prompts array', (data) => {
    expect(messageOf(data)).toContain('expected an object with a "prompts" array');
  });

  it('refuses an empty prompts array', () => {
    expect(messageOf({ prompts: [] })).toContain('"prompts" is empty');
  });

  it('refuses an entry that is not an object', () => {
    expect(messageOf({ prompts: [photo, bw, color, 'x'] })).toContain('prompts[3] is not an object');
  });

  it('refuses an entry without a type', () => {
    const untyped = { id: color.id, template: color.template };
    expect(messageOf({ prompts: [photo, bw, untyped] })).toContain('prompts[2].type must be one of');
  });

  it('refuses a library where a type has no prompt at all', () => {
    const message = messageOf({ prompts: [photo, bw] });
    expect(message).toContain('no prompt has type "color_stylized"');
    expect(message).not.toContain('"photorealistic"');
  });

  it('refuses duplicate ids', () => {
    expect(messageOf({ prompts: [photo, bw, color, { ...bw, template: 'Another {descriptor}.' }] })).toContain(
      'prompts[3].id "bw-a" is used twice',
    );
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['too long', 'x'.repeat(2001)],
  ])('refuses a %s template', (_label, template) => {
    expect(messageOf({ prompts: [photo, bw, { ...color, template }] })).toContain(
      'prompts[2].template must be a non-empty string',
    );
  });

  it('refuses an id longer than 64 characters', () => {
    expect(messageOf({ prompts: [photo, bw, { ...color, id: 'c'.repeat(65) }] })).toContain('prompts[2].id');
  });
});

describe('renderPrompt', () => {
  it('replaces every {descriptor}', () => {
    const prompt: Prompt = {
      id: 'p',
      type: 'photorealistic',
      template: "The {descriptor} smiles; keep the {descriptor}'s face.",
    };
    expect(renderPrompt(prompt, 'woman')).toBe("The woman smiles; keep the woman's face.");
  });
});

describe('promptPreview: code points', () => {
  it('never splits a character made of two UTF-16 units', () => {
    const prompt = `${'a'.repeat(99)}😀tail`;
    expect(promptPreview(prompt)).toBe(`${'a'.repeat(99)}😀`);
  });
});

describe('promptPreview', () => {
  it('is the first 100 characters', () => {
    const prompt = `${'a'.repeat(100)}TAIL`;
    expect(promptPreview(prompt)).toBe('a'.repeat(100));
  });

  it('is the whole prompt when shorter', () => {
    expect(promptPreview('short')).toBe('short');
  });
});

describe('countPromptsByType', () => {
  it('counts each type, and 0 for types without prompts', () => {
    const library = { prompts: [photo, bw, { ...bw, id: 'bw-b' }] as Prompt[] };
    expect(countPromptsByType(library)).toEqual({ photorealistic: 1, bw_stylized: 2, color_stylized: 0 });
  });
});
