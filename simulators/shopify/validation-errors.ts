import type { GraphQLError } from 'graphql';

/** A GraphQL error in the shape Shopify (graphql-ruby) sends. */
export interface ShopifyGraphQLError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

const locations = (e: GraphQLError) =>
  e.locations ? e.locations.map((l) => ({ line: l.line, column: l.column })) : undefined;

// graphql-js phrases validation errors differently from graphql-ruby, which Shopify runs; callers
// that match on Shopify's wording or codes must see Shopify's. One row per rule the sync can hit.
const RULES: {
  pattern: RegExp;
  rewrite: (m: RegExpExecArray) => { message: string; extensions: Record<string, unknown> };
}[] = [
  {
    pattern: /^Cannot query field "([^"]+)" on type "([^"]+)"/,
    rewrite: (m) => ({
      message: `Field '${m[1]}' doesn't exist on type '${m[2]}'`,
      extensions: { code: 'undefinedField', typeName: m[2], fieldName: m[1] },
    }),
  },
  {
    pattern: /^Unknown argument "([^"]+)" on field "([^".]+)\.([^"]+)"/,
    rewrite: (m) => ({
      message: `Field '${m[3]}' doesn't accept argument '${m[1]}'`,
      extensions: {
        code: 'argumentNotAccepted',
        name: m[3],
        typeName: 'Field',
        argumentName: m[1],
      },
    }),
  },
  {
    pattern:
      /^Field "([^"]+)" argument "([^"]+)" of type "([^"]+)" is required, but it was not provided\./,
    rewrite: (m) => ({
      message: `Field '${m[1]}' is missing required arguments: ${m[2]}`,
      extensions: {
        code: 'missingRequiredArguments',
        className: 'Field',
        name: m[1],
        arguments: m[2],
      },
    }),
  },
  {
    pattern: /^Variable "\$([^"]+)" is never used/,
    rewrite: (m) => ({
      message: `Variable $${m[1]} is declared by anonymous query but not used`,
      extensions: { code: 'variableNotUsed', variableName: m[1] },
    }),
  },
  {
    pattern: /^Variable "\$([^"]+)" is not defined/,
    rewrite: (m) => ({
      message: `Variable $${m[1]} is used by anonymous query but not declared`,
      extensions: { code: 'variableNotDefined', variableName: m[1] },
    }),
  },
  {
    pattern: /^Field "([^"]+)" must not have a selection since type "([^"]+)" has no subfields\./,
    rewrite: (m) => ({
      message: `Selections can't be made on scalars (field '${m[1]}' returns ${m[2]} but has selections [...])`,
      extensions: { code: 'selectionMismatch', nodeName: `field '${m[1]}'`, typeName: m[2] },
    }),
  },
  {
    pattern: /^Field "([^"]+)" of type "([^"]+)" must have a selection of subfields\./,
    rewrite: (m) => ({
      message: `Field must have selections (field '${m[1]}' returns ${m[2]} but has no selections. Did you mean '${m[1]} { ... }'?)`,
      extensions: { code: 'selectionMismatch', nodeName: `field '${m[1]}'`, typeName: m[2] },
    }),
  },
];

export function shopifyValidationError(e: GraphQLError): ShopifyGraphQLError {
  for (const rule of RULES) {
    const m = rule.pattern.exec(e.message);
    if (m) return { ...rule.rewrite(m), locations: locations(e) };
  }
  return { message: e.message, locations: locations(e), extensions: { code: 'validationError' } };
}

export function shopifyParseError(e: GraphQLError): ShopifyGraphQLError {
  const loc = e.locations?.[0];
  return {
    message: `Parse error on ${e.message.replace(/^Syntax Error: /, '')}${loc ? ` at [${loc.line}, ${loc.column}]` : ''}`,
    locations: locations(e),
    extensions: { code: 'parseError' },
  };
}

/** Variable coercion failures: graphql-ruby's "was provided invalid value" with the problems. */
export function shopifyVariableError(
  e: GraphQLError,
  variables: Record<string, unknown>,
): ShopifyGraphQLError {
  const m = /^Variable "\$([^"]+)" (?:of (?:required |non-null )?type "([^"]+)")?/.exec(e.message);
  const name = m?.[1] ?? '';
  return {
    message: `Variable $${name} of type ${m?.[2] ?? 'unknown'} was provided invalid value`,
    locations: locations(e),
    extensions: {
      code: 'INVALID_VARIABLE',
      value: variables[name] ?? null,
      problems: [{ path: [], explanation: e.message }],
    },
  };
}
