import { IMAGE_TYPES } from '../api/types';
import { typeLabel } from '../format';
import { autoSplit, type GenerateForm } from '../state/generate-form';

interface TypeMixFieldsProps {
  form: GenerateForm;
  onChange: (change: Partial<GenerateForm>) => void;
}

/** The split of the images over the three types: automatic (15/11/9, the prompt library's shares) or by hand. */
export function TypeMixFields({ form, onChange }: TypeMixFieldsProps) {
  function toggle(isAutoSplit: boolean): void {
    if (isAutoSplit) return onChange({ isAutoSplit, count: String(sumOf(form)) });
    const split = autoSplit(Number(form.count) || 0);
    onChange({
      isAutoSplit,
      mix: {
        photorealistic: String(split.photorealistic),
        bw_stylized: String(split.bw_stylized),
        color_stylized: String(split.color_stylized),
      },
    });
  }

  return (
    <fieldset className="type-mix">
      <legend>Type mix</legend>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={form.isAutoSplit}
          onChange={(e) => toggle(e.target.checked)}
          data-testid="auto-split-toggle"
        />
        Auto split (15/11/9)
      </label>
      <div className="field-row three">
        {IMAGE_TYPES.map((type) => (
          <label key={type} className="field">
            <span>{typeLabel(type)}</span>
            <input
              type="number"
              min={0}
              value={form.isAutoSplit ? '' : form.mix[type]}
              placeholder={form.isAutoSplit ? 'auto' : '0'}
              disabled={form.isAutoSplit}
              onChange={(e) => onChange({ mix: { ...form.mix, [type]: e.target.value } })}
              data-testid={`type-input-${type}`}
            />
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function sumOf(form: GenerateForm): number {
  return IMAGE_TYPES.reduce((sum, type) => sum + (Number(form.mix[type]) || 0), 0);
}
