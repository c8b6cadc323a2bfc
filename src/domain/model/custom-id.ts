/** The default namespace: app-owned, so the definitions can be made read-only for merchants. */
export const DEFAULT_CUSTOM_ID_NAMESPACE = '$app:integration_service';
/** The default before it became app-owned: what an unrecorded, already synced shop used. */
export const LEGACY_CUSTOM_ID_NAMESPACE = 'integration_service';
