/** A custom id's metafield, as configured (SHOPIFY_CUSTOM_ID_NAMESPACE / _KEY). */
export interface CustomIdMetafield {
  readonly namespace: string;
  readonly key: string;
}

/**
 * What a shop's custom ids were written with: the recorded metafield; 'unrecorded' when the shop
 * has mappings but no record (synced before the record existed); null for a shop never synced.
 */
export type RecordedCustomId = CustomIdMetafield | 'unrecorded' | null;

/** Per shop, which namespace and key the custom ids were written with. */
export interface CustomIdRecord {
  recorded(): Promise<RecordedCustomId>;
  record(customId: CustomIdMetafield): Promise<void>;
}
