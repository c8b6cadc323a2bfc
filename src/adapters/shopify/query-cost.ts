// The language module only (lexer, parser, AST kinds): the package root loads all of graphql-js
// (validation, execution, utilities), ~0.4 s of CPU at every job's start for a parse.
import { Kind, OperationTypeNode, parse } from 'graphql/language/index.js';
import type {
  FieldNode,
  FragmentDefinitionNode,
  SelectionSetNode,
  ValueNode,
} from 'graphql/language/index.js';

/**
 * Shopify's documented cost rules, applied without the schema: a scalar or enum (no selection
 * set) costs 0, an object 1, a field with `first`/`last` (connection or sized list) 2 plus that
 * many times its children, a mutation 10 plus its payload. Shopify's own `requestedQueryCost`
 * is the authority; this is the pacer's guess before the first answer, and it is deliberately
 * never lower than Shopify's for the documents in this adapter (see query-cost.test.ts).
 */
export function estimateQueryCost(
  document: string,
  variables: Readonly<Record<string, unknown>> = {},
): number {
  const ast = parse(document);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of ast.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

  const valueOf = (node: ValueNode): unknown => {
    if (node.kind === Kind.INT) return Number(node.value);
    if (node.kind === Kind.VARIABLE) return variables[node.name.value];
    return undefined;
  };

  const fieldCost = (field: FieldNode): number => {
    if (!field.selectionSet) return 0;
    const size = field.arguments?.find((a) => a.name.value === 'first' || a.name.value === 'last');
    if (!size) return 1 + selectionCost(field.selectionSet);
    const n = valueOf(size.value);
    const count = typeof n === 'number' && Number.isFinite(n) ? n : 250;
    // A connection: the items (edges/nodes) are paid `count` times, pageInfo once.
    const items = field.selectionSet.selections.filter(
      (s) => s.kind === Kind.FIELD && ['edges', 'nodes'].includes(s.name.value),
    );
    const perItem =
      items.length > 0
        ? selectionCost({ ...field.selectionSet, selections: items })
        : selectionCost(field.selectionSet);
    const once =
      items.length > 0
        ? selectionCost({
            ...field.selectionSet,
            selections: field.selectionSet.selections.filter((s) => !items.includes(s)),
          })
        : 0;
    return 2 + count * Math.max(1, perItem) + once;
  };

  const selectionCost = (set: SelectionSetNode): number => {
    let total = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        // `edges` is only a wrapper; each node is an object (1) like any other.
        if (s.name.value === 'edges' && s.selectionSet) total += selectionCost(s.selectionSet);
        else total += fieldCost(s);
      } else if (s.kind === Kind.INLINE_FRAGMENT) total += selectionCost(s.selectionSet);
      else {
        const f = fragments.get(s.name.value);
        if (f) total += selectionCost(f.selectionSet);
      }
    }
    return total;
  };

  let cost = 0;
  for (const d of ast.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    if (d.operation === OperationTypeNode.MUTATION) {
      for (const s of d.selectionSet.selections) {
        cost += 10 + (s.kind === Kind.FIELD && s.selectionSet ? selectionCost(s.selectionSet) : 0);
      }
    } else {
      cost += selectionCost(d.selectionSet);
    }
  }
  return Math.max(1, Math.ceil(cost));
}
