import type { AccessCheck, AccessMemo } from '../../../src/domain/ports/access-memo.js';

/** The remembered read_all_orders answer, in memory; `recorded` keeps every answer written. */
export function createFakeAccessMemo(last: AccessCheck | null = null) {
  const recorded: boolean[] = [];
  const memo: AccessMemo = {
    async lastAccessCheck() {
      return last;
    },
    async recordAccessCheck(readsAllOrders) {
      recorded.push(readsAllOrders);
    },
  };
  return { memo, recorded };
}
