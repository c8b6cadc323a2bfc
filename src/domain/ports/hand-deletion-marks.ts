export interface DeletionCheckMarks {
  /** Products deleted in Shopify before this time have been found; null: never checked. */
  readonly checkedUpTo: Date | null;
  /** When the mappings were last compared with a complete listing of Shopify's products. */
  readonly lastFullCheckAt: Date | null;
}

/** How far the check for objects deleted by hand in Shopify got, so the next run goes on from there. */
export interface HandDeletionMarks {
  /** How far the hand-deletion check got (see DeletionCheckMarks). */
  deletionCheckMarks(): Promise<DeletionCheckMarks>;
  /** Deletions before `checkedUpTo` are accounted for; `full`: by a complete listing. */
  recordDeletionCheck(checkedUpTo: Date, full: boolean): Promise<void>;
}
