-- Up Migration

-- One row per job run. A run that crashed stays 'running' until the next run of the same job and
-- shop marks it 'interrupted' (the lock guarantees no live run is hidden behind such a row).
CREATE TABLE sync_runs (
  id           bigserial PRIMARY KEY,
  job          text        NOT NULL CHECK (job IN ('sync-to-shopify', 'sync-orders')),
  shop         text        NOT NULL CHECK (shop <> ''),
  trigger      text        NOT NULL CHECK (trigger IN ('schedule', 'manual', 'worker', 'demo')),
  status       text        NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted', 'skipped')),
  holder       text        NOT NULL,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  counts       jsonb       NOT NULL DEFAULT '{}'::jsonb,
  error        text,
  detail       jsonb,
  CHECK ((status = 'running') = (finished_at IS NULL))
);
CREATE INDEX sync_runs_recent ON sync_runs (shop, job, started_at DESC);

-- Per-record failures of a run: enough to find the record, see why, and fix it upstream.
CREATE TABLE record_errors (
  id           bigserial PRIMARY KEY,
  run_id       bigint      NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
  entity       text        NOT NULL CHECK (entity IN ('category', 'product', 'variant', 'price', 'order')),
  external_id  text        NOT NULL,
  field        text,
  reason       text        NOT NULL CHECK (reason <> ''),
  payload      jsonb,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX record_errors_by_run ON record_errors (run_id);

-- External id <-> Shopify GID, with the hash of what was last sent so unchanged records cost
-- nothing. 'price' rows are keyed by variant external id and hash the price fields.
CREATE TABLE mappings (
  shop                text        NOT NULL,
  entity              text        NOT NULL CHECK (entity IN ('collection', 'product', 'variant', 'price')),
  external_id         text        NOT NULL CHECK (external_id <> ''),
  shopify_id          text,
  parent_external_id  text,
  content_hash        text,
  state               text        NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'archived', 'removed')),
  data                jsonb       NOT NULL DEFAULT '{}'::jsonb,
  synced_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shop, entity, external_id),
  CHECK (shopify_id IS NULL OR shopify_id LIKE 'gid://shopify/%')
);
CREATE UNIQUE INDEX mappings_shopify_id ON mappings (shop, entity, shopify_id) WHERE shopify_id IS NOT NULL;
CREATE INDEX mappings_children ON mappings (shop, entity, parent_external_id) WHERE parent_external_id IS NOT NULL;

-- Orders pulled from Shopify: the outbox towards API X. 'version' counts content changes;
-- 'pushed_version' is the last version API X accepted, so an update is never sent before the
-- order itself was accepted.
CREATE TABLE orders (
  shop                 text        NOT NULL,
  shopify_id           text        NOT NULL CHECK (shopify_id LIKE 'gid://shopify/Order/%'),
  name                 text        NOT NULL,
  shopify_updated_at   timestamptz NOT NULL,
  normalized           jsonb       NOT NULL,
  raw                  jsonb       NOT NULL,
  payload_hash         text        NOT NULL,
  version              integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
  pushed_version       integer     CHECK (pushed_version IS NULL OR pushed_version BETWEEN 1 AND version),
  push_state           text        NOT NULL DEFAULT 'pending'
                                   CHECK (push_state IN ('pending', 'pushed', 'failed', 'dead', 'skipped')),
  attempts             integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at      timestamptz NOT NULL DEFAULT now(),
  last_error           text,
  apix_reference       text,
  -- The version being pushed and exactly what was sent: a retry after a lost response re-sends
  -- the same body under the same Idempotency-Key, so API X can answer it as a replay.
  inflight_version     integer,
  inflight_payload     jsonb,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shop, shopify_id),
  CHECK (push_state <> 'pushed' OR (apix_reference IS NOT NULL AND pushed_version = version))
);
CREATE INDEX orders_due ON orders (shop, next_attempt_at) WHERE push_state IN ('pending', 'failed');
CREATE INDEX orders_by_state ON orders (shop, push_state);

-- Every push attempt, for "what happened to this order" and for dead-letter triage.
CREATE TABLE order_push_attempts (
  id               bigserial   PRIMARY KEY,
  shop             text        NOT NULL,
  shopify_id       text        NOT NULL,
  version          integer     NOT NULL,
  run_id           bigint      REFERENCES sync_runs (id) ON DELETE SET NULL,
  -- 'manual-retry' rows record an operator putting the order back in the queue (no request sent).
  kind             text        NOT NULL CHECK (kind IN ('create', 'update', 'manual-retry')),
  idempotency_key  text        CHECK ((kind = 'manual-retry') = (idempotency_key IS NULL)),
  outcome          text        NOT NULL CHECK (outcome IN ('accepted', 'rejected', 'retry', 'requeued')),
  detail           text,
  attempted_at     timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (shop, shopify_id) REFERENCES orders (shop, shopify_id) ON DELETE CASCADE
);
CREATE INDEX order_push_attempts_by_order ON order_push_attempts (shop, shopify_id, attempted_at);

-- Incremental cursors (e.g. the orders stream's last stored updatedAt), moved in the same
-- transaction as the data they cover.
CREATE TABLE sync_cursors (
  shop        text        NOT NULL,
  stream      text        NOT NULL,
  value       text        NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shop, stream)
);

-- Shopify bulk operations this service started, so a run after a crash resumes polling the one in
-- flight instead of starting another (Shopify allows only a few at once).
CREATE TABLE bulk_operations (
  shop          text        NOT NULL,
  operation_id  text        NOT NULL CHECK (operation_id LIKE 'gid://shopify/BulkOperation/%'),
  purpose       text        NOT NULL,
  status        text        NOT NULL,
  lines         integer     NOT NULL DEFAULT 0,
  run_id        bigint      REFERENCES sync_runs (id) ON DELETE SET NULL,
  started_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz,
  PRIMARY KEY (shop, operation_id)
);
CREATE UNIQUE INDEX bulk_operations_one_in_flight ON bulk_operations (shop, purpose) WHERE finished_at IS NULL;

-- The catalogue as API X served it in the current (or last) sync-to-shopify run of a shop: the diff
-- against mappings happens in SQL, so memory stays flat whatever the catalogue size, and a bulk
-- operation's result lines find their products again after a crash (bulk_line).
CREATE TABLE staged_products (
  shop          text    NOT NULL,
  external_id   text    NOT NULL,
  content_hash  text    NOT NULL,
  category_ids  text[]  NOT NULL DEFAULT '{}',
  active        boolean NOT NULL,
  draft         jsonb,
  bulk_line     integer,
  PRIMARY KEY (shop, external_id)
);
CREATE UNIQUE INDEX staged_products_bulk_line ON staged_products (shop, bulk_line) WHERE bulk_line IS NOT NULL;

CREATE TABLE staged_prices (
  shop                 text NOT NULL,
  variant_external_id  text NOT NULL,
  amount               text NOT NULL,
  compare_at           text,
  content_hash         text NOT NULL,
  PRIMARY KEY (shop, variant_external_id)
);

-- Collection membership changes of the current run, computed once from staged_products and
-- mappings, then worked off page by page (rows are deleted as Shopify confirms them).
CREATE TABLE staged_membership (
  shop                 text NOT NULL,
  category_id          text NOT NULL,
  product_external_id  text NOT NULL,
  product_id           text NOT NULL,
  op                   text NOT NULL CHECK (op IN ('add', 'remove')),
  PRIMARY KEY (shop, category_id, product_external_id)
);

-- Down Migration
DROP TABLE staged_membership;
DROP TABLE staged_prices;
DROP TABLE staged_products;
DROP TABLE bulk_operations;
DROP TABLE sync_cursors;
DROP TABLE order_push_attempts;
DROP TABLE orders;
DROP TABLE mappings;
DROP TABLE record_errors;
DROP TABLE sync_runs;
