/* eslint-disable @typescript-eslint/no-unsafe-member-access --
   test-client answers are response trees read field by field */
import { test } from 'uvu';
import * as assert from 'uvu/assert';

import { createTestClient } from './test-client.js';
import { useShopifySimulator } from '../../support/use-simulators.js';

const sim = useShopifySimulator(test);
let gql: ReturnType<typeof createTestClient>;
test.before(async () => {
  gql = createTestClient(sim);
});

const CREATE = `mutation($d: MetafieldDefinitionInput!) {
  metafieldDefinitionCreate(definition: $d) { createdDefinition { id } userErrors { code } } }`;
const DELETE = `mutation($id: ID!, $all: Boolean) {
  metafieldDefinitionDelete(id: $id, deleteAllAssociatedMetafields: $all) {
    deletedDefinitionId userErrors { field code } } }`;
const DEFINITIONS = `{ metafieldDefinitions(first: 5, ownerType: PRODUCT) { nodes { id } } }`;
const BY_CUSTOM_ID = `{ productByIdentifier(identifier: { customId: { namespace: "ns", key: "ext", value: "X1" } }) { id metafield(namespace: "ns", key: "ext") { value } } }`;

test('an id definition is deleted only with its metafields, which then go with it', async () => {
  const created = await gql(CREATE, {
    d: { name: 'Ext', namespace: 'ns', key: 'ext', type: 'id', ownerType: 'PRODUCT' },
  });
  const id = created.body.data.metafieldDefinitionCreate.createdDefinition.id as string;
  const product = await gql(
    `mutation { productSet(synchronous: true, input: { title: "T", metafields: [{ namespace: "ns", key: "ext", type: "id", value: "X1" }] }) { product { id } userErrors { message } } }`,
  );
  assert.equal(product.body.data.productSet.userErrors, []);
  assert.ok((await gql(BY_CUSTOM_ID)).body.data.productByIdentifier);

  const refused = await gql(DELETE, { id, all: false });
  assert.equal(refused.body.data.metafieldDefinitionDelete, {
    deletedDefinitionId: null,
    userErrors: [{ field: ['deleteAllAssociatedMetafields'], code: 'ID_TYPE_DELETION_ERROR' }],
  });
  assert.is((await gql(DEFINITIONS)).body.data.metafieldDefinitions.nodes.length, 1);

  const deleted = await gql(DELETE, { id, all: true });
  assert.equal(deleted.body.data.metafieldDefinitionDelete, {
    deletedDefinitionId: id,
    userErrors: [],
  });
  assert.equal((await gql(DEFINITIONS)).body.data.metafieldDefinitions.nodes, []);
  assert.is((await gql(BY_CUSTOM_ID)).body.data.productByIdentifier, null, 'custom id gone');
});

test('an unknown definition is NOT_FOUND', async () => {
  const r = await gql(DELETE, { id: 'gid://shopify/MetafieldDefinition/999999', all: true });
  assert.equal(r.body.data.metafieldDefinitionDelete.userErrors, [
    { field: ['id'], code: 'NOT_FOUND' },
  ]);
});

test.run();
