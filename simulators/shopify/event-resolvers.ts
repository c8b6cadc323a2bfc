/** What deletions leave behind: `deletionEvents` and the `destroy` events of `events`. */
import { connectionOf, type PageArgs } from './connection.js';
import type { SimContext } from './context.js';
import { gid } from './gid.js';
import { searchFilter } from './search-query.js';
import type { DeletionEventRecord } from './store.js';

const SUBJECT_GID_TYPES: Record<DeletionEventRecord['subjectType'], string> = {
  PRODUCT: 'Product',
  COLLECTION: 'Collection',
  ORDER: 'Order',
};

export function eventQueries(ctx: SimContext) {
  const s = ctx.store;
  return {
    deletionEvents: (
      args: PageArgs & {
        query?: string | null;
        sortKey?: string | null;
        subjectTypes?: readonly string[] | null;
      },
    ) => {
      const filter = searchFilter<DeletionEventRecord>(args.query, {
        id: { kind: 'number', read: (e) => e.num },
        occurred_at: { kind: 'date', read: (e) => e.occurredAt },
      });
      // DeletionEventSubjectType has COLLECTION and PRODUCT only: orders leave no trace here.
      const types = args.subjectTypes?.length ? args.subjectTypes : ['PRODUCT', 'COLLECTION'];
      // Events are appended in time order, so ID and CREATED_AT sort alike.
      return connectionOf(
        s.deletionEvents.filter((e) => types.includes(e.subjectType) && filter(e)),
        args,
        (e) => [e.num],
        (e) => ({
          occurredAt: new Date(e.occurredAt).toISOString(),
          subjectId: gid(SUBJECT_GID_TYPES[e.subjectType], e.subjectNum),
          subjectType: e.subjectType,
        }),
        ctx.unbounded,
      );
    },
    /**
     * The store's events, as far as the simulator records them: the `destroy` event a deleted
     * product, collection or order leaves (BasicEvent, "destroy: The item was destroyed", schema
     * description of BasicEvent; ORDER is an EventSubjectType). Searchable by action,
     * subject_type, created_at and id, the filters the schema lists for `events(query:)` ("Event
     * data is retained for 1 year"; the simulator keeps every event). Other actions are not
     * recorded.
     */
    events: (args: PageArgs & { query?: string | null; sortKey?: string | null }) => {
      const filter = searchFilter<DeletionEventRecord>(args.query, {
        id: { kind: 'number', read: (e) => e.num },
        action: { kind: 'string', read: () => 'destroy' },
        subject_type: { kind: 'string', read: (e) => e.subjectType },
        created_at: { kind: 'date', read: (e) => e.occurredAt },
      });
      // Events are appended in time order, so ID and CREATED_AT sort alike.
      return connectionOf(
        s.deletionEvents.filter(filter),
        args,
        (e) => [e.num],
        (e) => ({
          __typename: 'BasicEvent',
          id: gid('BasicEvent', e.num),
          action: 'destroy',
          createdAt: new Date(e.occurredAt).toISOString(),
          message: `${SUBJECT_GID_TYPES[e.subjectType]} was deleted.`,
          subjectId: gid(SUBJECT_GID_TYPES[e.subjectType], e.subjectNum),
          subjectType: e.subjectType,
          attributeToApp: false,
          attributeToUser: true,
          criticalAlert: false,
        }),
        ctx.unbounded,
      );
    },
  };
}
