import {
  getArgumentValues,
  getNamedType,
  isCompositeType,
  isLeafType,
  Kind,
  OperationTypeNode,
  isObjectType,
  isInterfaceType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** Cost points of one mutation root field, before its input's per-item extras. */
export const MUTATION_COST = 10;
/** The single-query ceiling; above it Shopify answers MAX_COST_EXCEEDED without running anything. */
export const MAX_QUERY_COST = 1000;

// Documented per-item complexities of productSet inputs ("Complexity cost: 0.2 per variant", ...).
const PER_VARIANT = 0.2;
const PER_METAFIELD = 0.4;
const PER_VARIANT_METAFIELD = 0.4;
const PER_FILE = 1.9;

export interface CostInput {
  readonly schema: GraphQLSchema;
  readonly operation: OperationDefinitionNode;
  readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  readonly variables: Readonly<Record<string, unknown>>;
}

type Data = Record<string, unknown> | null | undefined;

function isConnectionType(type: GraphQLCompositeType): boolean {
  if (!isObjectType(type) || !type.name.endsWith('Connection')) return false;
  const fields = type.getFields();
  return 'pageInfo' in fields && ('edges' in fields || 'nodes' in fields);
}

function lengthOf(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

function asData(value: unknown): Data {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/**
 * Shopify's calculated query cost. Without `data` it is the requested cost (connections sized by
 * `first`/`last`); with the response `data` it is the actual cost (connections sized by what came back).
 */
export function queryCost(input: CostInput, data?: Data): number {
  const { schema, operation } = input;
  const actual = data !== undefined;
  if (operation.operation === OperationTypeNode.MUTATION) {
    const root = schema.getMutationType();
    if (!root) return 0;
    let total = 0;
    // Every root field is charged, aliases included: "Cost is calculated per invocation, not per
    // request. If you use GraphQL aliases to send multiple mutations in a single request, the base
    // cost of 10 is charged for each alias" (shopify.dev/changelog/dynamic-complexity-cost-for-metafieldsset-mutation).
    for (const node of fieldsOf(input, operation.selectionSet, root)) {
      const def = root.getFields()[node.field.name.value];
      if (!def) continue;
      // The payload is fields like any other ("every field in the schema has an integer cost
      // value", shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits): a mutation's
      // requested cost includes what it selects; its actual cost counts what came back.
      const payloadType = getNamedType(def.type);
      const payload =
        node.field.selectionSet && isCompositeType(payloadType)
          ? selectionCost(
              input,
              node.field.selectionSet,
              payloadType,
              actual ? asData(data?.[node.field.alias?.value ?? node.field.name.value]) : undefined,
            )
          : 0;
      total += MUTATION_COST + mutationExtras(def, node.field, input) + payload;
    }
    return Math.ceil(total);
  }
  const root =
    operation.operation === OperationTypeNode.QUERY
      ? schema.getQueryType()
      : schema.getSubscriptionType();
  if (!root) return 0;
  return Math.ceil(
    selectionCost(input, operation.selectionSet, root, actual ? (data ?? null) : undefined),
  );
}

function mutationExtras(
  def: GraphQLField<unknown, unknown>,
  field: FieldNode,
  input: CostInput,
): number {
  if (def.name !== 'productSet') return 0;
  const args = getArgumentValues(def, field, input.variables) as {
    input?: { variants?: { metafields?: unknown[] }[]; metafields?: unknown[]; files?: unknown[] };
  };
  const variants = args.input?.variants ?? [];
  const variantMetafields = variants.reduce((n, v) => n + lengthOf(v.metafields), 0);
  return (
    variants.length * PER_VARIANT +
    variantMetafields * PER_VARIANT_METAFIELD +
    lengthOf(args.input?.metafields) * PER_METAFIELD +
    lengthOf(args.input?.files) * PER_FILE
  );
}

interface FieldAt {
  field: FieldNode;
  parent: GraphQLCompositeType;
}

// Flattens fragments. Fields of every type condition are summed: a slight over-estimate for
// interfaces (Shopify takes the maximum), which no caller of this simulator relies on.
function fieldsOf(
  input: CostInput,
  set: SelectionSetNode,
  parent: GraphQLCompositeType,
): FieldAt[] {
  const out: FieldAt[] = [];
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) out.push({ field: sel, parent });
    else if (sel.kind === Kind.INLINE_FRAGMENT) {
      const cond = sel.typeCondition ? input.schema.getType(sel.typeCondition.name.value) : parent;
      out.push(...fieldsOf(input, sel.selectionSet, cond && isCompositeType(cond) ? cond : parent));
    } else {
      const frag = input.fragments[sel.name.value];
      const cond = frag ? input.schema.getType(frag.typeCondition.name.value) : null;
      if (frag)
        out.push(
          ...fieldsOf(input, frag.selectionSet, cond && isCompositeType(cond) ? cond : parent),
        );
    }
  }
  return out;
}

function fieldDef(
  parent: GraphQLCompositeType,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

/** Cost of the fields under one object; `data` undefined = requested, else actual. */
function selectionCost(
  input: CostInput,
  set: SelectionSetNode,
  parent: GraphQLCompositeType,
  data: Data | undefined,
): number {
  if (data === null) return 0;
  let total = 0;
  for (const { field, parent: owner } of fieldsOf(input, set, parent)) {
    const def = fieldDef(owner, field.name.value);
    if (!def) continue;
    const value = data === undefined ? undefined : data?.[field.alias?.value ?? field.name.value];
    total += fieldCost(input, def, field, value);
  }
  return total;
}

function fieldCost(
  input: CostInput,
  def: GraphQLField<unknown, unknown>,
  field: FieldNode,
  value: unknown,
): number {
  const type = getNamedType(def.type);
  if (isLeafType(type) || !isCompositeType(type) || !field.selectionSet) return 0;
  const requested = value === undefined;
  if (isConnectionType(type)) return connectionCost(input, def, field, type, value);
  if (def.name === 'nodes' && Array.isArray(value) === !requested) {
    // `nodes(ids:)` costs one object per id.
    const args = getArgumentValues(def, field, input.variables) as { ids?: unknown[] };
    const items = requested
      ? Array.from({ length: lengthOf(args.ids) }, () => undefined)
      : (value as unknown[]);
    return items.reduce<number>(
      (n, item) =>
        n +
        1 +
        selectionCost(input, field.selectionSet!, type, requested ? undefined : asData(item)),
      0,
    );
  }
  const item = requested ? undefined : Array.isArray(value) ? asData(value[0]) : asData(value);
  if (!requested && item === null) return 1;
  return 1 + selectionCost(input, field.selectionSet, type, item);
}

function connectionCost(
  input: CostInput,
  def: GraphQLField<unknown, unknown>,
  field: FieldNode,
  type: GraphQLCompositeType,
  value: unknown,
): number {
  if (!isObjectType(type) || !field.selectionSet) return 2;
  const fields = type.getFields();
  const nodeType = getNamedType(fields['nodes']?.type ?? fields['edges']?.type);
  if (!nodeType || !isCompositeType(nodeType)) return 2;
  const conn = asData(value);
  if (value === undefined) {
    const args = getArgumentValues(def, field, input.variables) as {
      first?: number;
      last?: number;
    };
    const n = args.first ?? args.last ?? 0;
    return 2 + n * perNodeCost(input, field.selectionSet, type, undefined);
  }
  if (!conn) return 2;
  const nodes = Array.isArray(conn['nodes']) ? conn['nodes'] : [];
  const edges = Array.isArray(conn['edges']) ? conn['edges'] : [];
  const count = Math.max(nodes.length, edges.length);
  let total = 2;
  for (let i = 0; i < count; i++) {
    total += perNodeCost(input, field.selectionSet, type, { nodes: nodes[i], edges: edges[i] });
  }
  return total;
}

/** Cost of one node inside a connection selection (via `edges { node }` and/or `nodes`). */
function perNodeCost(
  input: CostInput,
  set: SelectionSetNode,
  connType: GraphQLCompositeType,
  item: { nodes: unknown; edges: unknown } | undefined,
): number {
  let total = 0;
  for (const { field, parent } of fieldsOf(input, set, connType)) {
    const def = fieldDef(parent, field.name.value);
    if (!def || !field.selectionSet) continue;
    const inner = getNamedType(def.type);
    if (field.name.value === 'nodes' && isCompositeType(inner)) {
      total +=
        1 + selectionCost(input, field.selectionSet, inner, item ? asData(item.nodes) : undefined);
    } else if (field.name.value === 'edges' && isObjectType(inner)) {
      for (const e of fieldsOf(input, field.selectionSet, inner)) {
        const edgeDef = fieldDef(e.parent, e.field.name.value);
        if (!edgeDef || e.field.name.value !== 'node' || !e.field.selectionSet) continue;
        const nodeType = getNamedType(edgeDef.type);
        if (!isCompositeType(nodeType)) continue;
        const edge = item ? asData(item.edges) : undefined;
        total +=
          1 +
          selectionCost(
            input,
            e.field.selectionSet,
            nodeType,
            item ? asData(edge?.['node']) : undefined,
          );
      }
    }
  }
  return total;
}
