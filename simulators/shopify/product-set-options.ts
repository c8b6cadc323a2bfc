/** productSet's `productOptions`: names, values and their ids, checked and built. */
import { parseGid } from './gid.js';
import type { OptionRecord, ShopStore } from './store.js';
import { stripped, tooLongError } from './text-limits.js';
import { overLimitErrors, userError, type UserError } from './user-error.js';
import type { ProductSetInput } from './product-set.js';

const MAX_OPTIONS = 3;

export function buildOptions(
  store: ShopStore,
  existing: readonly OptionRecord[],
  inputs: NonNullable<ProductSetInput['productOptions']>,
): { ok: true; options: OptionRecord[] } | { ok: false; errors: UserError[] } {
  const errors: UserError[] = overLimitErrors(
    inputs,
    MAX_OPTIONS,
    'productOptions',
    'options',
    'OPTIONS_OVER_LIMIT',
  );
  const names = new Set<string>();
  const options = inputs.map((o, i): OptionRecord => {
    const previous = existing.find((e) =>
      o.id ? parseGid(o.id, 'ProductOption') === e.num : e.name === stripped(o.name ?? ''),
    );
    if (o.id && !previous)
      errors.push(
        userError(
          ['input', 'productOptions', i, 'id'],
          'Option does not exist',
          'OPTION_DOES_NOT_EXIST',
        ),
      );
    const name = stripped(o.name ?? previous?.name ?? '');
    const nameTooLong = tooLongError(
      name,
      ['input', 'productOptions', i, 'name'],
      'Option name',
      'INVALID_INPUT',
    );
    if (nameTooLong) errors.push(nameTooLong);
    if (!name)
      errors.push(
        userError(
          ['input', 'productOptions', i, 'name'],
          "Option name can't be blank",
          'INVALID_INPUT',
        ),
      );
    if (names.has(name))
      errors.push(
        userError(
          ['input', 'productOptions', i, 'name'],
          `Duplicated option name '${name}'.`,
          'DUPLICATED_OPTION_NAME',
        ),
      );
    names.add(name);
    const values = o.values ?? [];
    if (values.length === 0)
      errors.push(
        userError(
          ['input', 'productOptions', i, 'values'],
          'Each option must have at least one option value specified.',
          'OPTION_VALUES_MISSING',
        ),
      );
    const seen = new Set<string>();
    return {
      num: previous?.num ?? store.nextId(),
      name,
      values: values.map((v, j) => {
        const prev = previous?.values.find((pv) =>
          v.id
            ? parseGid(v.id, 'ProductOptionValue') === pv.num
            : pv.name === stripped(v.name ?? ''),
        );
        const valueName = stripped(v.name ?? prev?.name ?? '');
        const valueTooLong = tooLongError(
          valueName,
          ['input', 'productOptions', i, 'values', j, 'name'],
          'Option value name',
          'INVALID_INPUT',
        );
        if (valueTooLong) errors.push(valueTooLong);
        if (!valueName)
          errors.push(
            userError(
              ['input', 'productOptions', i, 'values', j, 'name'],
              "Option value name can't be blank",
              'INVALID_INPUT',
            ),
          );
        if (seen.has(valueName))
          errors.push(
            userError(
              ['input', 'productOptions', i, 'values', j],
              `Duplicated option value '${valueName}'.`,
              'DUPLICATED_OPTION_VALUE',
            ),
          );
        seen.add(valueName);
        return { num: prev?.num ?? store.nextId(), name: valueName };
      }),
    };
  });
  return errors.length ? { ok: false, errors } : { ok: true, options };
}
