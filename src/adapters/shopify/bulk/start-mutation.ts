import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { UpstreamError } from '../../../domain/errors.js';
import type { Logger } from '../../../domain/ports/logger.js';
import * as doc from './bulk-documents.js';
import { obj, str, type Obj } from '../graphql-values.js';
import { toFieldErrors } from '../product-set-input.js';
import type { ShopifyGraphqlClient } from '../shopify-graphql-client.js';
import { bulkStartError } from './error-codes.js';
import type { PostFile } from './multipart-upload.js';

/**
 * A bulk import: spool the variables as JSONL to disk (so memory stays flat),
 * stagedUploadsCreate, multipart POST of the file with every returned parameter (streamed from
 * disk by postFile), bulkOperationRunMutation. A busy slot throws BulkBusyError (see error-codes.ts).
 */
export async function startBulkMutation(
  deps: { client: ShopifyGraphqlClient; postFile: PostFile; log: Logger },
  mutation: string,
  name: string,
  variables: AsyncIterable<Obj>,
  signal?: AbortSignal,
): Promise<{ operationId: string; lines: number }> {
  const { client, log } = deps;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'shopify-bulk-'));
  const filename = `${name}.jsonl`;
  const file = path.join(dir, filename);
  try {
    let lines = 0;
    async function* jsonl(): AsyncGenerator<string> {
      for await (const v of variables) {
        signal?.throwIfAborted();
        lines += 1;
        yield JSON.stringify(v) + '\n';
      }
    }
    // pipeline() carries a write error (ENOSPC when /tmp is full) to this await; waiting for
    // 'drain' and then 'close' by hand missed a 'close' already emitted and hung the run.
    await pipeline(jsonl(), createWriteStream(file), signal ? { signal } : {});
    const { size } = await stat(file);
    const staged = await client.request<Obj>(
      doc.STAGED_UPLOADS_CREATE,
      {
        input: [
          {
            resource: 'BULK_MUTATION_VARIABLES',
            filename,
            mimeType: 'text/jsonl',
            httpMethod: 'POST',
            fileSize: String(size),
          },
        ],
      },
      { signal },
    );
    const stagedPayload = obj(staged['stagedUploadsCreate']);
    const stageErrors = toFieldErrors(stagedPayload['userErrors']);
    const target = obj(
      Array.isArray(stagedPayload['stagedTargets']) ? stagedPayload['stagedTargets'][0] : null,
    );
    const url = str(target['url']);
    const parameters = (Array.isArray(target['parameters']) ? target['parameters'] : []).map(obj);
    if (stageErrors.length > 0 || !url) throw bulkStartError('staged upload', stageErrors);

    // The file goes last: storage services ignore fields after it.
    const upload = await deps.postFile(
      url,
      parameters.map((p) => [String(p['name']), String(p['value'])] as const),
      { path: file, filename, contentType: 'text/jsonl' },
      signal,
    );
    if (upload.status < 200 || upload.status >= 300) {
      throw new UpstreamError(
        'shopify',
        `staged upload to ${new URL(url).host} failed: HTTP ${upload.status}`,
        {
          retryable: upload.status >= 500,
          status: upload.status,
        },
      );
    }
    const stagedUploadPath = str(parameters.find((p) => p['name'] === 'key')?.['value']);
    if (!stagedUploadPath)
      throw new UpstreamError('shopify', 'staged upload target has no key parameter', {
        retryable: false,
      });

    const run = await client.request<Obj>(
      doc.BULK_MUTATION_RUN,
      { mutation, stagedUploadPath },
      { signal },
    );
    const runPayload = obj(run['bulkOperationRunMutation']);
    const runErrors = toFieldErrors(runPayload['userErrors']);
    const operationId = str(obj(runPayload['bulkOperation'])['id']);
    if (runErrors.length > 0 || !operationId) throw bulkStartError(`bulk ${name}`, runErrors);
    log.info({ operationId, lines, bytes: size }, `bulk ${name} started`);
    return { operationId, lines };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
