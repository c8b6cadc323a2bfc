import { isObjectType, type GraphQLSchema } from 'graphql';

/**
 * The tracking company names Shopify builds tracking URLs for, read from the vendored schema's
 * own list (`FulfillmentTrackingInfo.company`, "Supported tracking companies"), both the
 * "any country" list and the per-country ones. Names are kept exactly ("capitalization matters").
 */
export function knownTrackingCompanies(schema: GraphQLSchema): ReadonlySet<string> {
  const type = schema.getType('FulfillmentTrackingInfo');
  const description = isObjectType(type) ? (type.getFields()['company']?.description ?? '') : '';
  const names = new Set<string>();
  for (const line of description.split('\n')) {
    const plain = /^\s*\* ([^*].*)$/.exec(line);
    if (plain?.[1] && !plain[1].startsWith('**')) names.add(plain[1].trim());
  }
  // Per-country entries span lines: "* **Germany**: Deutsche Post (DE), ..., GLS".
  const perCountry = description.slice(description.indexOf('specific countries'));
  for (const [, list] of perCountry.matchAll(/\*\*[^*]+\*\*:([^*]+)/g))
    for (const name of (list ?? '').split(','))
      if (name.trim() !== '') names.add(name.trim().replace(/\.$/, ''));
  return names;
}
