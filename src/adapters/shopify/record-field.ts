import type { ProductDraft } from '../../domain/model/catalog-write.js';

/** productSet input fields under the names API X's product record uses (docs/api-x.openapi.yaml). */
const PRODUCT_FIELDS: Readonly<Record<string, string>> = {
  title: 'title',
  descriptionHtml: 'description',
  vendor: 'vendor',
  productType: 'type',
  productOptions: 'options',
  variants: 'variants',
};

/**
 * A productSet userError's field path (dot-joined, e.g. `input.variants.1.sku`) as a record
 * error names it: in API X's terms, a variant by its id when the sent variants are known
 * (`variants[P1-2].sku`, as price errors name it; the index in a request need not be the index
 * in API X's record when a product is written in rounds), an option by its place
 * (`options[0].values[1]`). A path it does not know is kept as Shopify sent it.
 */
export function recordFieldOf(
  field: string | null,
  sent?: Pick<ProductDraft, 'variants'>,
): string | null {
  if (field === null) return null;
  const parts = field.split('.');
  if (parts[0] !== 'input') return field;
  const [, top = '', index, ...rest] = parts;
  const name = PRODUCT_FIELDS[top];
  if (name === undefined) return field;
  if (index === undefined || !/^\d+$/.test(index))
    return [name, index, ...rest].filter(Boolean).join('.');
  if (top === 'variants') {
    const id = sent?.variants[Number(index)]?.externalId ?? index;
    return [`variants[${id}]`, ...rest].join('.');
  }
  // productOptions.N.values.M(.name) -> options[N].values[M]; productOptions.N.name -> options[N].name
  const [sub, valueIndex] = rest;
  if (sub === 'values' && valueIndex !== undefined && /^\d+$/.test(valueIndex))
    return `options[${index}].values[${valueIndex}]`;
  return [`options[${index}]`, ...rest].join('.');
}
