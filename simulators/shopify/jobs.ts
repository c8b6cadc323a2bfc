import type { SimContext } from './context.js';
import { gid, parseGid } from './gid.js';

export function jobQueries(ctx: SimContext) {
  const s = ctx.store;
  return {
    /**
     * "A job corresponds to some long running task that the client should poll for status"
     * (schema description of Job). A queued job answers `done: false` to the first
     * `collectionJobPolls` polls, then runs and answers `done: true` (deterministic, no clock).
     */
    job: (args: { id: string }) => {
      const num = parseGid(args.id, 'Job');
      const job = num === null ? undefined : s.jobs.get(num);
      if (!job) return null;
      if (job.run && job.pollsLeft > 0) job.pollsLeft--;
      else if (job.run) {
        job.run();
        job.run = null;
      }
      return { __typename: 'Job', id: args.id, done: job.run === null, query: null };
    },
  };
}

/** A queued Job: `run` applies its change when a `job` query finds it due. */
export function startJob(ctx: SimContext, run: () => void) {
  const num = ctx.store.nextId();
  ctx.store.jobs.set(num, { num, pollsLeft: ctx.settings.collectionJobPolls, run });
  return { __typename: 'Job', id: gid('Job', num), done: false, query: null };
}
