/** What a 60-day read window no longer sees (fetch-orders warns of it, `status` shows it). */
export interface OrdersPastHorizon {
  /**
   * Orders created before `at` that API X may still expect changes for (not cancelled, not fully
   * refunded, meant for delivery).
   */
  openOrdersCreatedBefore(at: Date): Promise<number>;
}
