import { DEFAULT_CUSTOM_ID_NAMESPACE } from '../../src/domain/model/custom-id.js';
import { randomBytes } from 'node:crypto';
import * as assert from 'uvu/assert';
import type { ApixProductRecord } from '../../simulators/apix/apix-records.js';
import { userErrorsOf } from './admin-graphql.js';
import {
  COLLECTION_BY_CUSTOM_ID,
  COLLECTION_DELETE,
  COLLECTIONS_BY_TITLE,
  CUSTOM_ID_DEFINITIONS,
  DEFINITION_DELETE,
  PRODUCT_BY_CUSTOM_ID,
  PRODUCT_DELETE,
  PRODUCTS_BY_VENDOR,
  SHOP_FACTS,
} from './scenario-documents.js';
import type { ScenarioTarget } from './scenario-target.js';

/**
 * Every custom id the scenarios create starts with this marker; the cleanup deletes an object
 * only when its custom id starts with it AND it carries the scenario's vendor (products) or
 * title (collections). Nothing else in a store can match both.
 */
export const SCENARIO_MARKER = 'islive-';
export const SCENARIO_VENDOR = 'integration-service live verification';
const CATEGORY_TITLES = [`${SCENARIO_VENDOR} A`, `${SCENARIO_VENDOR} B`] as const;
/** The service's custom-id metafield (its defaults, SHOPIFY_CUSTOM_ID_NAMESPACE / _KEY). */
const NAMESPACE = DEFAULT_CUSTOM_ID_NAMESPACE;
const KEY = 'external_id';
const OWNER_TYPES = ['product', 'variant', 'collection'] as const;

interface ShopifyProduct {
  id: string;
  title: string;
  vendor: string;
  status: string;
  updatedAt: string;
  customId: { value: string } | null;
  publishedOnPublication: boolean;
  variants: { nodes: { sku: string | null; price: string; updatedAt: string }[] };
  collections: { nodes: { id: string }[] };
}

interface ShopifyCollection {
  id: string;
  title: string;
  updatedAt: string;
  customId: { value: string } | null;
  publishedOnPublication: boolean;
}

/** What the cleanup removed, and what it could not (named, so a person can finish by hand). */
export interface CleanupReport {
  readonly deleted: readonly string[];
  readonly failed: readonly string[];
}

/**
 * The catalogue scenario: a small catalogue under a unique prefix, seeded into API X's simulator
 * and synced by the real CLI into the target's Shopify, then read back through Admin GraphQL. The
 * same steps and assertions against the simulator (test/e2e/catalog-scenario.test.ts) and a
 * real development store (test/live/catalog.live.test.ts).
 */
export function createCatalogScenario(target: ScenarioTarget) {
  const prefix = `${SCENARIO_MARKER}${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const categoryIds = [`${prefix}-C1`, `${prefix}-C2`];
  let publicationId = '';
  let definitionsBefore: Record<string, boolean> | null = null;

  const admin = target.admin;
  const catalog = target.apix.catalog;

  async function definitionIds(): Promise<Record<string, string | null>> {
    const data = await admin(CUSTOM_ID_DEFINITIONS, { namespace: NAMESPACE, key: KEY });
    return Object.fromEntries(
      OWNER_TYPES.map((t) => [t, (data[t] as { nodes: { id: string }[] }).nodes[0]?.id ?? null]),
    );
  }

  async function product(externalId: string): Promise<ShopifyProduct | null> {
    const data = await admin(PRODUCT_BY_CUSTOM_ID, {
      namespace: NAMESPACE,
      key: KEY,
      value: externalId,
      publicationId,
    });
    return data['productByIdentifier'] as ShopifyProduct | null;
  }

  async function collection(externalId: string): Promise<ShopifyCollection | null> {
    const data = await admin(COLLECTION_BY_CUSTOM_ID, {
      namespace: NAMESPACE,
      key: KEY,
      value: externalId,
      publicationId,
    });
    return data['collectionByIdentifier'] as ShopifyCollection | null;
  }

  /** Every updatedAt of what the scenario synced: a run that writes nothing leaves it equal. */
  async function stamps(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const id of categoryIds) out[id] = (await collection(id))?.updatedAt ?? 'missing';
    for (const source of catalog.products()) {
      const p = await product(source.id);
      out[source.id] = p?.updatedAt ?? 'missing';
      for (const v of p?.variants.nodes ?? []) out[`${source.id}/${v.sku}`] = v.updatedAt;
    }
    return out;
  }

  return {
    prefix,

    /**
     * Reads the shop (currency, Online Store publication, which custom-id definitions exist) and
     * seeds API X's simulator: two categories, four products (one with two variants, one in both
     * categories), every price in the shop's currency.
     */
    async seed(): Promise<void> {
      const facts = await admin(SHOP_FACTS);
      const shop = facts['shop'] as { currencyCode: string };
      const online = (
        facts['publications'] as { nodes: { id: string; catalog: { title: string } | null }[] }
      ).nodes.find((p) => p.catalog?.title === 'Online Store');
      assert.ok(
        online,
        'the shop has an Online Store publication (the default SHOPIFY_PUBLISH_TO)',
      );
      publicationId = online?.id ?? '';
      const ids = await definitionIds();
      definitionsBefore = Object.fromEntries(OWNER_TYPES.map((t) => [t, ids[t] !== null]));

      const now = new Date().toISOString();
      categoryIds.forEach((id, i) =>
        catalog.setCategory({
          id,
          parentId: null,
          name: CATEGORY_TITLES[i] ?? id,
          description: `Created by integration-service's live verification (${prefix}).`,
          updatedAt: now,
        }),
      );
      const [c1, c2] = categoryIds as [string, string];
      const products: [string, string[], number][] = [
        ['P1', [c1], 1],
        ['P2', [c1, c2], 2],
        ['P3', [c2], 1],
        ['P4', [c1], 1],
      ];
      for (const [name, categories, variants] of products) {
        const id = `${prefix}-${name}`;
        const sizes = ['S', 'M'].slice(0, variants);
        const record: ApixProductRecord = {
          id,
          title: `${SCENARIO_VENDOR} ${name}`,
          description: `<p>Test product ${name}; deleted when the scenario ends.</p>`,
          vendor: SCENARIO_VENDOR,
          type: 'Test',
          categoryIds: categories,
          active: true,
          options: variants > 1 ? [{ name: 'Size', values: sizes }] : [],
          variants: sizes.map((size, k) => ({
            id: `${id}-V${k + 1}`,
            sku: `${id}-${k + 1}`,
            barcode: null,
            optionValues: variants > 1 ? [size] : [],
            weightGrams: 100,
          })),
          updatedAt: now,
        };
        catalog.setProduct(record);
        record.variants.forEach((v, k) =>
          catalog.setPrice(v.id, {
            amount: `${10 + k}.${name.slice(1)}0`,
            currency: shop.currencyCode,
          }),
        );
      }
    },

    /** A first sync creates exactly the seeded catalogue, field by field, and publishes it. */
    async firstSyncCreatesEverything(): Promise<void> {
      const r = await target.cli(['sync-to-shopify']);
      assert.is(r.code, 0, r.stderr.slice(-3000) + r.stdout.slice(-3000));
      assert.is(r.summary?.['status'], 'succeeded');
      const collectionIds = new Map<string, string>();
      for (const [i, id] of categoryIds.entries()) {
        const c = await collection(id);
        assert.ok(c, `collection ${id} in Shopify`);
        assert.is(c?.title, CATEGORY_TITLES[i]);
        assert.is(c?.customId?.value, id);
        assert.ok(c?.publishedOnPublication, `collection ${id} published to the Online Store`);
        if (c) collectionIds.set(id, c.id);
      }
      for (const source of catalog.products()) {
        const p = await product(source.id);
        assert.ok(p, `product ${source.id} in Shopify`);
        if (!p) continue;
        assert.is(p.title, source.title);
        assert.is(p.vendor, source.vendor);
        assert.is(p.status, 'ACTIVE');
        assert.ok(p.publishedOnPublication, `product ${source.id} published to the Online Store`);
        assert.equal(
          p.variants.nodes.map((v) => v.sku).sort(),
          source.variants.map((v) => v.sku).sort(),
          `variants of ${source.id}`,
        );
        for (const v of source.variants) {
          const sv = p.variants.nodes.find((x) => x.sku === v.sku);
          assert.is(Number(sv?.price), Number(catalog.price(v.id).amount), `price of ${v.id}`);
        }
        // Only the scenario's collections: a store's automated collections may take it in too.
        const ours = new Set(collectionIds.values());
        assert.equal(
          p.collections.nodes
            .map((c) => c.id)
            .filter((id) => ours.has(id))
            .sort(),
          source.categoryIds.map((c) => collectionIds.get(c)).sort(),
          `collections of ${source.id}`,
        );
      }
    },

    /** Right after, a second run changes nothing in Shopify (every updatedAt stays). */
    async secondRunChangesNothing(): Promise<void> {
      const before = await stamps();
      const r = await target.cli(['sync-to-shopify']);
      assert.is(r.code, 0, r.stderr.slice(-3000));
      assert.is(r.summary?.['status'], 'succeeded');
      assert.equal(await stamps(), before, 'nothing in Shopify was written');
    },

    /** Products API X no longer lists are archived; the others stay active. */
    async removedProductsAreArchived(): Promise<void> {
      const gone = `${prefix}-P4`;
      assert.ok(catalog.removeProduct(gone));
      const r = await target.cli(['sync-to-shopify']);
      assert.is(r.code, 0, r.stderr.slice(-3000));
      assert.is((await product(gone))?.status, 'ARCHIVED');
      for (const source of catalog.products())
        assert.is((await product(source.id))?.status, 'ACTIVE', source.id);
    },

    /**
     * Deletes what the scenario created, and only that: its products and collections (custom id
     * with the marker AND the scenario's vendor or title, including leftovers of an interrupted
     * earlier run), then the custom-id definitions the run created (none that existed before).
     * Safe to call twice.
     */
    async cleanup(): Promise<CleanupReport> {
      const deleted: string[] = [];
      const failed: string[] = [];
      const remove = async (document: string, id: string, field: string, label: string) => {
        try {
          const data = await admin(document, { id });
          const errors = userErrorsOf(data[field]);
          (errors.length === 0 ? deleted : failed).push(
            errors.length === 0 ? label : `${label}: ${JSON.stringify(errors)}`,
          );
        } catch (e) {
          failed.push(`${label}: ${(e as Error).message}`);
        }
      };
      const ours = (customId: { value: string } | null) =>
        customId?.value.startsWith(SCENARIO_MARKER) === true;

      const products = (
        (
          await admin(PRODUCTS_BY_VENDOR, {
            query: `vendor:"${SCENARIO_VENDOR}"`,
            namespace: NAMESPACE,
            key: KEY,
          })
        )['products'] as {
          nodes: { id: string; vendor: string; customId: { value: string } | null }[];
        }
      ).nodes.filter((p) => p.vendor === SCENARIO_VENDOR && ours(p.customId));
      // This run's own, by custom id: a store's search index may not list them yet.
      for (const source of [...catalog.products(), { id: `${prefix}-P4` }]) {
        const p = await product(source.id);
        if (
          p &&
          p.vendor === SCENARIO_VENDOR &&
          ours(p.customId) &&
          !products.some((x) => x.id === p.id)
        )
          products.push({ id: p.id, vendor: p.vendor, customId: p.customId });
      }
      for (const p of products)
        await remove(PRODUCT_DELETE, p.id, 'productDelete', `product ${p.customId?.value}`);

      const collections: { id: string; customId: { value: string } | null }[] = [];
      for (const title of CATEGORY_TITLES) {
        const found = (
          (
            await admin(COLLECTIONS_BY_TITLE, {
              query: `title:"${title}"`,
              namespace: NAMESPACE,
              key: KEY,
            })
          )['collections'] as {
            nodes: { id: string; title: string; customId: { value: string } | null }[];
          }
        ).nodes.filter((c) => c.title === title && ours(c.customId));
        collections.push(...found);
      }
      for (const id of categoryIds) {
        const c = await collection(id);
        if (
          c &&
          (CATEGORY_TITLES as readonly string[]).includes(c.title) &&
          ours(c.customId) &&
          !collections.some((x) => x.id === c.id)
        )
          collections.push(c);
      }
      for (const c of collections)
        await remove(
          COLLECTION_DELETE,
          c.id,
          'collectionDelete',
          `collection ${c.customId?.value}`,
        );

      if (definitionsBefore) {
        const now = await definitionIds();
        for (const t of OWNER_TYPES) {
          const id = now[t];
          if (!definitionsBefore[t] && id)
            await remove(
              DEFINITION_DELETE,
              id,
              'metafieldDefinitionDelete',
              `${t} custom-id definition`,
            );
        }
      }
      return { deleted, failed };
    },

    /** After the cleanup: none of the run's objects or created definitions can be found. */
    async assertNothingLeft(): Promise<void> {
      for (const id of [...categoryIds]) assert.is(await collection(id), null, id);
      for (const n of ['P1', 'P2', 'P3', 'P4']) assert.is(await product(`${prefix}-${n}`), null, n);
      const ids = await definitionIds();
      for (const t of OWNER_TYPES)
        assert.is(ids[t] !== null, definitionsBefore?.[t] ?? false, `${t} definition as before`);
    },
  };
}
