import { ConfigError } from '../../domain/errors.js';
import { LEGACY_CUSTOM_ID_NAMESPACE } from '../../domain/model/custom-id.js';
import type {
  CustomIdMetafield,
  CustomIdRecord,
  RecordedCustomId,
} from '../../domain/ports/custom-id-record.js';

export interface ConfiguredCustomId extends CustomIdMetafield {
  /** SHOPIFY_CUSTOM_ID_NAMESPACE was set (not the default). */
  readonly namespacePinned: boolean;
}

const show = (c: CustomIdMetafield) => `${c.namespace}.${c.key}`;

/**
 * Why the configured custom id cannot be used on this shop, or null when it can. Ids written
 * under one namespace are invisible under another: every product would look new, and be
 * created again (or refused by SKU). A shop synced before the record existed used the old
 * default namespace unless the operator had set one; the key is taken as configured (its
 * default never changed).
 */
export function customIdMismatch(
  recorded: RecordedCustomId,
  configured: ConfiguredCustomId,
): string | null {
  if (recorded === null) return null;
  if (recorded === 'unrecorded') {
    if (configured.namespacePinned) return null;
    const old = { namespace: LEGACY_CUSTOM_ID_NAMESPACE, key: configured.key };
    return `this shop was synced before the custom-id namespace was recorded, with the default of then (${show(old)}); SHOPIFY_CUSTOM_ID_NAMESPACE is unset and now defaults to ${configured.namespace}, under which none of its products would be found. Nothing was written. Set SHOPIFY_CUSTOM_ID_NAMESPACE=${LEGACY_CUSTOM_ID_NAMESPACE} to keep the ids the shop has (moving a synced shop to another namespace is not supported; see the README)`;
  }
  if (recorded.namespace === configured.namespace && recorded.key === configured.key) return null;
  return `this shop's custom ids were written as ${show(recorded)}, but SHOPIFY_CUSTOM_ID_NAMESPACE/SHOPIFY_CUSTOM_ID_KEY say ${show(configured)}, under which none of its products would be found. Nothing was written. Set SHOPIFY_CUSTOM_ID_NAMESPACE=${recorded.namespace} and SHOPIFY_CUSTOM_ID_KEY=${recorded.key} (moving a synced shop to another namespace is not supported; see the README)`;
}

/**
 * Run before anything is written: stops the run (ConfigError) on a mismatch; otherwise records
 * the configured custom id (a dry run records nothing) so later runs are held to it.
 */
export function createCustomIdGuard(record: CustomIdRecord, configured: ConfiguredCustomId) {
  return async function guard(options: { dryRun: boolean }): Promise<void> {
    const recorded = await record.recorded();
    const problem = customIdMismatch(recorded, configured);
    if (problem !== null) throw new ConfigError([problem]);
    if (!options.dryRun && (recorded === null || recorded === 'unrecorded'))
      await record.record({ namespace: configured.namespace, key: configured.key });
  };
}
