import { test } from 'uvu';
import { createAdminGraphql } from './admin-graphql.js';
import { SHOP_FACTS } from './scenario-documents.js';
import { cliAgainst, startLocalParts, type ScenarioTarget } from './scenario-target.js';

/** What the writing live scenarios need; read from LIVE_* variables only. */
export interface LiveShopify {
  readonly shop: string;
  readonly accessToken: string;
  readonly apiVersion: string;
  /** LIVE_I_UNDERSTAND_THIS_WRITES=1: the operator accepts writes to a store that is not a development store. */
  readonly understood: boolean;
}

export type LiveSettings =
  | { readonly ok: true; readonly shopify: LiveShopify }
  | { readonly ok: false; readonly missing: readonly string[] };

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/** The live settings from an environment, or the names of the missing variables. */
export function liveSettings(env: Record<string, string | undefined>): LiveSettings {
  const shop = env['LIVE_SHOPIFY_SHOP'];
  const accessToken = env['LIVE_SHOPIFY_ACCESS_TOKEN'];
  const missing = [
    ...(shop ? [] : ['LIVE_SHOPIFY_SHOP']),
    ...(accessToken ? [] : ['LIVE_SHOPIFY_ACCESS_TOKEN']),
  ];
  if (!shop || !accessToken) return { ok: false, missing };
  return {
    ok: true,
    shopify: {
      shop,
      accessToken,
      apiVersion: env['LIVE_SHOPIFY_API_VERSION'] || '2026-10',
      understood: env['LIVE_I_UNDERSTAND_THIS_WRITES'] === '1',
    },
  };
}

/**
 * The guard rail before a live scenario writes anything: the domain must be a myshopify.com
 * domain, and the shop a partner development store (ShopPlan.partnerDevelopment: "Whether the
 * shop is a partner development shop for testing purposes") unless the operator set
 * LIVE_I_UNDERSTAND_THIS_WRITES=1. The reason names the shop, never the token.
 */
export function liveWriteVerdict(facts: {
  readonly shop: string;
  readonly partnerDevelopment: boolean;
  readonly planName: string;
  readonly understood: boolean;
}): { readonly ok: true } | { readonly ok: false; readonly reason: string } {
  if (!SHOP_DOMAIN.test(facts.shop))
    return {
      ok: false,
      reason: `LIVE_SHOPIFY_SHOP=${facts.shop} is not a <name>.myshopify.com domain`,
    };
  if (facts.partnerDevelopment || facts.understood) return { ok: true };
  return {
    ok: false,
    reason:
      `${facts.shop} is not a development store (plan "${facts.planName}"): the live scenarios ` +
      'create, change and delete products, collections and orders there. Use a development ' +
      'store, or set LIVE_I_UNDERSTAND_THIS_WRITES=1 to run them anyway',
  };
}

/** A live file's `test`: it runs when the file has what it needs, and is skipped (counted so) otherwise. */
export const liveTestWhen =
  (live: boolean) =>
  (name: string, body: () => Promise<void>): void =>
    live ? test(name, body) : test.skip(name, body);

/**
 * The live target of a scenario file, or null without the live settings: then the file says
 * once, naming the missing variables, that the scenario was skipped.
 */
export async function liveTargetOrSkip(
  settings: LiveSettings,
  scenario: string,
): Promise<ScenarioTarget | null> {
  if (!settings.ok) {
    console.log(
      `${scenario} SKIPPED: set ${settings.missing.join(', ')} to run it against a development store (see README, "Live verification")`,
    );
    return null;
  }
  return startLiveTarget(settings.shopify);
}

/**
 * The live target: a real store (after the guard rail) with the local API X simulator and a test
 * database. Refuses, with the reason, before anything is written.
 */
export async function startLiveTarget(live: LiveShopify): Promise<ScenarioTarget> {
  const admin = createAdminGraphql({
    graphqlUrl: `https://${live.shop}/admin/api/${live.apiVersion}/graphql.json`,
    accessToken: live.accessToken,
  });
  // The domain is checked before the token is sent anywhere.
  if (!SHOP_DOMAIN.test(live.shop))
    throw new Error(
      `live scenarios REFUSED: LIVE_SHOPIFY_SHOP=${live.shop} is not a <name>.myshopify.com domain`,
    );
  const facts = (await admin(SHOP_FACTS))['shop'] as {
    plan: { partnerDevelopment: boolean; publicDisplayName: string };
  };
  const verdict = liveWriteVerdict({
    shop: live.shop,
    partnerDevelopment: facts.plan.partnerDevelopment,
    planName: facts.plan.publicDisplayName,
    understood: live.understood,
  });
  if (!verdict.ok) throw new Error(`live scenarios REFUSED: ${verdict.reason}`);
  const { apix, db } = await startLocalParts();
  return {
    kind: 'live',
    admin,
    apix,
    db,
    cli: cliAgainst({
      DATABASE_URL: db.url,
      SHOPIFY_SHOP: live.shop,
      SHOPIFY_ACCESS_TOKEN: live.accessToken,
      SHOPIFY_API_VERSION: live.apiVersion,
      APIX_BASE_URL: apix.url,
      APIX_TOKEN: apix.token,
      LOG_LEVEL: 'info',
    }),
    async close() {
      await apix.close();
      await db.drop();
    },
  };
}
