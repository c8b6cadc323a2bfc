import * as doc from './destroy-event-documents.js';
import { list, obj, pageInfo, sinceSearchTerm, str, type Obj } from './graphql-values.js';
import type { ShopifyGraphqlClient } from './shopify-graphql-client.js';

/** Event subject types whose deletions this service follows (EventSubjectType values). */
export type DestroyedSubject = 'PRODUCT' | 'COLLECTION' | 'ORDER';

const EVENTS_PAGE_SIZE = 250;

/** One `destroy` event: the resource's GID and when Shopify destroyed it (the event's createdAt). */
export interface Destroyed {
  readonly subjectId: string;
  readonly at: string;
}

/**
 * The `subjectType` resources destroyed at or after `since` (RFC 3339), oldest first,
 * from Shopify's `events` (BasicEvent action `destroy`; "Event data is retained for 1 year",
 * schema description of `events(query:)`). The deprecated `deletionEvents` knows products and
 * collections only; `events` also covers orders.
 */
export async function* destroyedSince(
  client: Pick<ShopifyGraphqlClient, 'request'>,
  subjectType: DestroyedSubject,
  since: string,
  signal?: AbortSignal,
): AsyncGenerator<Destroyed> {
  const query = `action:'destroy' AND subject_type:'${subjectType}' AND ${sinceSearchTerm('created_at', since)}`;
  let after: string | null = null;
  do {
    const data: Obj = await client.request<Obj>(
      doc.DESTROY_EVENTS_QUERY,
      { first: EVENTS_PAGE_SIZE, after, query },
      { signal },
    );
    const page = obj(data['events']);
    for (const node of list(page['nodes'])) {
      const n = obj(node);
      const subjectId = str(n['subjectId']);
      // BasicEvent.createdAt is non-null in the schema (admin_2026-10). Were it missing anyway,
      // the deletion still counts (a deleted order must not reach API X), dated at the window's
      // start: the earliest it can have happened.
      const at = str(n['createdAt']) || since;
      // Checked again here: a search term Shopify ignored must not turn other events into deletions.
      if (subjectId && n['action'] === 'destroy' && n['subjectType'] === subjectType)
        yield { subjectId, at };
    }
    const info = pageInfo(page['pageInfo']);
    after = info.hasNextPage ? info.endCursor : null;
  } while (after !== null);
}
