import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
import { check, type Check } from './check.js';

export interface RuntimeFacts {
  /** process.versions.node */
  readonly nodeVersion: string;
  /** The cgroup's memory limit in bytes, or null when unlimited or unknown. */
  readonly memoryLimitBytes: number | null;
  /** V8's heap limit (--max-old-space-size or its default). */
  readonly heapLimitBytes: number;
}

/** Reads the facts; the judgement is `runtimeChecks` (pure, table-tested). */
export function readRuntimeFacts(): RuntimeFacts {
  return {
    nodeVersion: process.versions.node,
    memoryLimitBytes: cgroupMemoryLimit(),
    heapLimitBytes: v8.getHeapStatistics().heap_size_limit,
  };
}

// cgroup v2 (memory.max, "max" when unlimited), then v1 (a huge number when unlimited).
function cgroupMemoryLimit(): number | null {
  for (const file of ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes']) {
    try {
      const text = readFileSync(file, 'utf8').trim();
      if (text === 'max') return null;
      const n = Number(text);
      if (Number.isFinite(n) && n > 0) return n >= 2 ** 60 ? null : n;
    } catch {
      // not this cgroup version
    }
  }
  return null;
}

const MIB = 1024 * 1024;
/** Below this the catalogue job's bulk spool and two API X pages may not fit (chart default: 512 MiB). */
const MIN_MEMORY = 256 * MIB;

/**
 * Node: package.json's engines floor (>= 20.11); Node 20 is past its end of life (April 2026) and
 * the image runs Node 24. Memory: a V8 heap allowed to grow past the container's limit ends in
 * an OOM kill instead of a JavaScript error.
 */
export function runtimeChecks(facts: RuntimeFacts): Check[] {
  const [major = 0, minor = 0] = facts.nodeVersion.split('.').map(Number);
  const node =
    major < 20 || (major === 20 && minor < 11)
      ? check(
          'runtime',
          'node',
          'fail',
          `Node ${facts.nodeVersion} is older than 20.11, the oldest this service runs on`,
          'run the container image (Node 24) or install Node 24 LTS',
        )
      : major < 22
        ? check(
            'runtime',
            'node',
            'warn',
            `Node ${facts.nodeVersion}: supported by the service, but Node ${major} no longer gets security fixes`,
            'use Node 24 LTS (the container image has it)',
          )
        : check('runtime', 'node', 'ok', `Node ${facts.nodeVersion}`);
  const heap = `${Math.round(facts.heapLimitBytes / MIB)} MiB`;
  const limit = facts.memoryLimitBytes;
  const memory =
    limit === null
      ? check('runtime', 'memory', 'ok', `no container memory limit; V8 heap limit ${heap}`)
      : limit < MIN_MEMORY
        ? check(
            'runtime',
            'memory',
            'warn',
            `memory limit ${Math.round(limit / MIB)} MiB is below ${MIN_MEMORY / MIB} MiB; V8 heap limit ${heap}`,
            "raise the pod's memory limit (chart: jobs.*.resources.limits.memory)",
          )
        : facts.heapLimitBytes > limit
          ? check(
              'runtime',
              'memory',
              'warn',
              `V8 may grow its heap to ${heap}, past the container's ${Math.round(limit / MIB)} MiB limit: a large run is OOM-killed instead of failing cleanly`,
              `set NODE_OPTIONS=--max-old-space-size=${Math.floor((limit * 0.75) / MIB)} (75% of the limit)`,
            )
          : check(
              'runtime',
              'memory',
              'ok',
              `memory limit ${Math.round(limit / MIB)} MiB; V8 heap limit ${heap}`,
            );
  return [node, memory];
}
