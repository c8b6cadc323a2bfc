import { scrubSecrets } from '../adapters/logging/redact.js';
import type { Config } from '../config/config.js';
import { loadConfig } from '../config/load-config.js';
import { packageVersion } from '../infra/package-root.js';
import { ConfigError } from '../domain/errors.js';
import { apixChecks, type ApixFacts } from '../doctor/apix-checks.js';
import { check, doctorExitCode, formatChecks, sortChecks, type Check } from '../doctor/check.js';
import { postgresChecks } from '../doctor/postgres-checks.js';
import { pushgatewayChecks } from '../doctor/pushgateway-checks.js';
import { readRuntimeFacts, runtimeChecks } from '../doctor/runtime-checks.js';
import { catalogueChecks, shopifyChecks } from '../doctor/shopify-checks.js';
import type { DoctorArgs } from './commands.js';
import type { CommandIo } from './command-spec.js';

/** What `doctor --json` prints (keys documented in `doctor --help`). */
export interface DoctorReport {
  readonly generatedAt: string;
  readonly shop: string | null;
  readonly exitCode: 0 | 1;
  readonly checks: readonly Check[];
}

/**
 * Checks everything a run needs and writes nothing anywhere: only GraphQL queries to Shopify,
 * GETs to API X and the Pushgateway, a READ ONLY session in Postgres, access reviews and Lease
 * reads in Kubernetes. Configuration problems are reported as failed checks (exit 1), not as a
 * usage error, so one run shows everything that is wrong.
 */
export async function runDoctorCommand(parsed: DoctorArgs, io: CommandIo): Promise<number> {
  const shopFlag = parsed.flags['shop'];
  const env = typeof shopFlag === 'string' ? { ...io.env, SHOPIFY_SHOP: shopFlag } : io.env;
  const checks: Check[] = [];
  let jobs: Config | null = null;
  let base: Config | null = null;
  try {
    jobs = loadConfig(env, 'jobs');
    base = jobs;
    checks.push(
      check('config', 'environment', 'ok', 'every setting the jobs read is present and valid'),
    );
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    checks.push(
      ...error.problems.map((p) =>
        check(
          'config',
          'environment',
          'fail',
          p,
          'see README.md (Configuration) for every variable',
        ),
      ),
    );
    try {
      base = loadConfig(env, 'database');
    } catch {
      base = null;
    }
  }
  checks.push(...runtimeChecks(readRuntimeFacts()));

  if (base) checks.push(...(await systemChecks(base, jobs)));
  const secrets = base?.secrets ?? [];
  const clean = checks.map((c) => ({
    ...c,
    found: scrubSecrets(c.found, secrets),
    action: c.action === null ? null : scrubSecrets(c.action, secrets),
  }));
  const report: DoctorReport = {
    generatedAt: new Date().toISOString(),
    shop: base?.shopify.shop || null,
    exitCode: doctorExitCode(clean),
    checks: sortChecks(clean),
  };
  io.stdout.write(
    parsed.flags['json'] === true
      ? JSON.stringify(report) + '\n'
      : `integration-service doctor${report.shop ? ` for ${report.shop}` : ''}\n${formatChecks(clean)}\n`,
  );
  return report.exitCode;
}

async function systemChecks(base: Config, jobs: Config | null): Promise<Check[]> {
  const incomplete = (group: 'shopify' | 'apix') =>
    check(group, 'skipped', 'skip', 'not checked: the configuration above is incomplete');
  const [pg, shopify, apix, gateway, kube] = await Promise.all([
    postgresChecks(base.database.url, {
      inKubernetes: base.inKubernetes,
      timeoutMs: Math.min(base.database.statementTimeoutMs, 15_000),
      advisoryLocksOf: base.lock.backend === 'postgres' ? base.shopify.shop || null : null,
      customIdOf: base.shopify.shop
        ? {
            shop: base.shopify.shop,
            configured: {
              namespace: base.shopify.customIdNamespace,
              key: base.shopify.customIdKey,
              namespacePinned: base.shopify.customIdNamespacePinned,
            },
          }
        : null,
    }),
    jobs
      ? shopifyChecks({
          shop: jobs.shopify.shop,
          accessToken: jobs.shopify.accessToken,
          apiVersion: jobs.shopify.apiVersion,
          apiBaseUrl: jobs.shopify.apiBaseUrl,
          timeoutMs: jobs.shopify.timeoutMs,
          customId: { namespace: jobs.shopify.customIdNamespace, key: jobs.shopify.customIdKey },
          backfillDays: jobs.orders.backfillDays,
          publishTo: jobs.shopify.publishTo,
          inventoryLocations: jobs.inventory.locations,
          shipmentsEnabled: jobs.shipments.enabled,
          customerFields: jobs.orders.customerFields,
        })
      : null,
    jobs
      ? apixChecks({
          baseUrl: jobs.apix.baseUrl,
          token: jobs.apix.token,
          timeoutMs: jobs.apix.timeoutMs,
          pageSize: jobs.apix.pageSize,
        })
      : null,
    pushgatewayChecks({
      url: base.metrics.pushgatewayUrl,
      shop: base.shopify.shop,
      timeoutMs: base.metrics.pushTimeoutMs,
      version: packageVersion(),
    }),
    kubernetesChecks(base),
  ]);
  const facts: ApixFacts | null = apix?.facts ?? null;
  return [
    ...pg,
    ...(shopify
      ? [...shopify.checks, ...catalogueChecks(shopify.facts, facts)]
      : [incomplete('shopify')]),
    ...(apix ? apix.checks : [incomplete('apix')]),
    ...gateway,
    ...kube,
  ];
}

async function kubernetesChecks(config: Config): Promise<Check[]> {
  if (config.lock.backend !== 'kubernetes')
    return [
      check(
        'kubernetes',
        'lock',
        'skip',
        `${config.inKubernetes ? 'LOCK_BACKEND=postgres' : 'not in Kubernetes'}: the jobs lock with a PostgreSQL advisory lock, no Lease`,
      ),
    ];
  if (!config.shopify.shop)
    return [
      check(
        'kubernetes',
        'lease-rbac',
        'skip',
        'SHOPIFY_SHOP is not set: the Lease names are unknown',
      ),
    ];
  // Loaded only here: the Kubernetes client takes a while to import.
  const { createKubeAuthorizationApi, createKubeCoordinationApi, readServiceAccountNamespace } =
    await import('../adapters/lock/kube-coordination-api.js');
  const { kubeChecks } = await import('../doctor/kube-checks.js');
  const prefix = config.lock.serviceAccountPrefix;
  const fromAccount = readServiceAccountNamespace(prefix);
  const namespace = config.lock.namespace ?? fromAccount ?? 'default';
  const namespaceSource = config.lock.namespace
    ? 'POD_NAMESPACE'
    : fromAccount
      ? "the service account's namespace"
      : 'default: neither POD_NAMESPACE nor a service-account namespace is set';
  let authz;
  let leases;
  try {
    authz = createKubeAuthorizationApi({ inCluster: true, prefix });
    leases = createKubeCoordinationApi({ inCluster: true, prefix });
  } catch (error) {
    return [
      check(
        'kubernetes',
        'lease-rbac',
        'fail',
        `cannot talk to the Kubernetes API: ${(error as Error).message}`,
        'run doctor in a pod of the release (NOTES.txt prints the command), or set LOCK_BACKEND=postgres outside Kubernetes',
      ),
    ];
  }
  return kubeChecks({
    namespace,
    namespaceSource,
    shop: config.shopify.shop,
    leases,
    canI: async (verb, name, ns) => {
      const review = await authz.createSelfSubjectAccessReview({
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: {
            resourceAttributes: {
              group: 'coordination.k8s.io',
              resource: 'leases',
              verb,
              namespace: ns,
              ...(name ? { name } : {}),
            },
          },
        },
      });
      return {
        allowed: review.status?.allowed === true,
        reason: review.status?.reason ?? null,
      };
    },
  });
}
