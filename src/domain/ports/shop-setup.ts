/** The shop itself, read (and its custom-id definitions made) before a catalogue run writes. */

export interface ShopMoneySettings {
  readonly currencyCode: string;
  readonly enabledPresentmentCurrencies: readonly string[];
}

export interface ShopSetup {
  /**
   * Creates the custom-id metafield definitions (products, variants, collections) if missing;
   * returns the owner types that had none. `dryRun`: only looks (a dry run writes nothing).
   */
  ensureCustomIdDefinitions(
    signal?: AbortSignal,
    options?: { readonly dryRun?: boolean },
  ): Promise<readonly string[]>;
  /** The shop's currency (prices are staged in it) and the presentment currencies it enables. */
  shopMoneySettings(signal?: AbortSignal): Promise<ShopMoneySettings>;
  /**
   * How many variants the shop holds and whether it is on Plus: what Shopify's daily new-variant
   * limit depends on (see variant-budget.ts).
   */
  shopVariants(
    signal?: AbortSignal,
  ): Promise<{ readonly variants: number; readonly plus: boolean }>;
}
