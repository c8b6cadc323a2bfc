import type { PageArgs } from './connection.js';
import type { SimContext } from './context.js';
import { userError } from './user-error.js';

export function bulkQueries(ctx: SimContext) {
  return {
    bulkOperation: (args: { id: string }) => {
      const op = ctx.bulk.get(args.id);
      return op ? ctx.bulk.view(op) : null;
    },
    bulkOperations: (args: PageArgs & { query?: string | null; sortKey?: string | null }) =>
      ctx.bulk.connection(args),
    currentBulkOperation: (args: { type?: string | null }) => {
      const ops = ctx.bulk.list().filter((o) => o.type === (args.type ?? 'QUERY'));
      const op = ops[ops.length - 1];
      return op ? ctx.bulk.view(op) : null;
    },
  };
}

export function bulkMutations(ctx: SimContext) {
  const payload = (r: {
    operation: Parameters<SimContext['bulk']['view']>[0] | null;
    userErrors: unknown[];
  }) => ({
    bulkOperation: r.operation ? ctx.bulk.view(r.operation) : null,
    userErrors: r.userErrors,
  });
  return {
    stagedUploadsCreate: (args: {
      input: { resource: string; filename: string; mimeType: string; httpMethod?: string | null }[];
    }) => {
      const errors = args.input.flatMap((x, i) =>
        x.resource === 'BULK_MUTATION_VARIABLES'
          ? []
          : [
              userError(
                ['input', i, 'resource'],
                `The simulator only stages BULK_MUTATION_VARIABLES uploads (got ${x.resource}).`,
                null,
              ),
            ],
      );
      if (errors.length) return { stagedTargets: null, userErrors: errors };
      return { stagedTargets: args.input.map((x) => ctx.bulk.stage(x.filename)), userErrors: [] };
    },
    bulkOperationRunMutation: (args: {
      mutation: string;
      stagedUploadPath: string;
      groupObjects?: boolean | null;
    }) =>
      payload(
        ctx.bulk.runMutation(args.mutation, args.stagedUploadPath, args.groupObjects ?? true),
      ),
    bulkOperationRunQuery: async (args: { query: string; groupObjects?: boolean | null }) =>
      payload(await ctx.bulk.runQuery(args.query, args.groupObjects ?? false)),
    bulkOperationCancel: (args: { id: string }) => payload(ctx.bulk.cancel(args.id)),
  };
}
