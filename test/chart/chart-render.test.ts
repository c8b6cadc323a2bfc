import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  CI_VALUES,
  helmLint,
  ofKind,
  render,
  renderNotes,
  type K8sObject,
} from './helpers/helm.js';
import { checkObject } from './helpers/k8s-check.js';
import { lockName } from '../../src/domain/lock-name.js';
import { expectedLeaseName } from './helpers/lease-name.js';
import { tempDir, tool } from './helpers/tools.js';

/* Renders the chart with the real helm for default values and every ci/*-values.yaml. */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const JOBS = ['sync-to-shopify', 'sync-orders'] as const;

interface PodSpec {
  restartPolicy?: string;
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  terminationGracePeriodSeconds?: number;
  securityContext?: {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    seccompProfile?: { type?: string };
  };
  volumes?: { name: string; emptyDir?: object }[];
  containers: {
    name: string;
    image: string;
    command?: string[];
    args?: string[];
    env?: {
      name: string;
      value?: string;
      valueFrom?: {
        secretKeyRef?: { name: string; key: string };
        fieldRef?: { fieldPath: string };
      };
    }[];
    envFrom?: { configMapRef?: { name: string } }[];
    securityContext?: {
      allowPrivilegeEscalation?: boolean;
      readOnlyRootFilesystem?: boolean;
      runAsNonRoot?: boolean;
      capabilities?: { drop?: string[] };
    };
    resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
    volumeMounts?: { name: string; mountPath: string }[];
  }[];
}
interface CronJobSpec {
  schedule: string;
  timeZone?: string;
  suspend?: boolean;
  concurrencyPolicy?: string;
  startingDeadlineSeconds?: number;
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
  jobTemplate: {
    spec: {
      backoffLimit?: number;
      activeDeadlineSeconds?: number;
      podReplacementPolicy?: string;
      template: { spec: PodSpec };
    };
  };
}

const cronSpec = (o: K8sObject): CronJobSpec => o['spec'] as CronJobSpec;
const podOf = (o: K8sObject): PodSpec => cronSpec(o).jobTemplate.spec.template.spec;
const envOf = (o: K8sObject): Map<string, string | undefined> =>
  new Map(
    (podOf(o).containers[0]?.env ?? []).map((e) => [
      e.name,
      e.value ?? JSON.stringify(e.valueFrom),
    ]),
  );
const cronFor = (objects: K8sObject[], store: string, job: string): K8sObject => {
  const found = ofKind(objects, 'CronJob').find(
    (c) =>
      c.metadata.labels?.['integration-service/store'] === store &&
      c.metadata.labels['app.kubernetes.io/component'] === job,
  );
  if (!found) throw new Error(`no CronJob for ${store}/${job}`);
  return found;
};

const variants: { name: string; valuesFiles: string[] }[] = [
  { name: 'default values', valuesFiles: [] },
  ...CI_VALUES.map((f) => ({ name: f, valuesFiles: [f] })),
];

test('the chart ships the four CI value variants', () => {
  for (const f of ['default', 'multi-store', 'existing-secret', 'monitoring']) {
    assert.ok(CI_VALUES.includes(`ci/${f}-values.yaml`), `ci/${f}-values.yaml`);
  }
});

for (const v of variants) {
  test(`helm lint --strict passes: ${v.name}`, () => {
    const r = helmLint({ valuesFiles: v.valuesFiles });
    assert.is(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
  });

  test(`every rendered object is a valid Kubernetes object: ${v.name}`, () => {
    const objects = render({ valuesFiles: v.valuesFiles });
    assert.ok(objects.length >= 5, `only ${objects.length} objects`);
    for (const o of objects) assert.equal(checkObject(o), [], `${o.kind}/${o.metadata.name}`);
    for (const o of objects)
      assert.ok(o.metadata.name.length <= 63 && DNS_LABEL.test(o.metadata.name), o.metadata.name);
  });

  test(`CronJobs: one pair per store, hardened and complete: ${v.name}`, () => {
    const objects = render({ valuesFiles: v.valuesFiles });
    const cronJobs = ofKind(objects, 'CronJob');
    const stores = new Set(cronJobs.map((c) => c.metadata.labels?.['integration-service/store']));
    assert.is(cronJobs.length, stores.size * 2);
    const configMap = ofKind(objects, 'ConfigMap').find(
      (c) => !c.metadata.name.endsWith('-dashboard'),
    );
    assert.ok(configMap);
    const config = configMap['data'] as Record<string, string>;
    assert.is(config['LOCK_BACKEND'], 'kubernetes');
    for (const c of cronJobs) {
      const spec = cronSpec(c);
      const job = c.metadata.labels?.['app.kubernetes.io/component'] ?? '';
      assert.ok((JOBS as readonly string[]).includes(job), job);
      assert.ok(c.metadata.name.length <= 52, `${c.metadata.name} is longer than 52`);
      assert.is(spec.concurrencyPolicy, 'Forbid');
      assert.type(spec.timeZone, 'string');
      assert.type(spec.suspend, 'boolean');
      assert.ok((spec.startingDeadlineSeconds ?? 0) > 0);
      assert.ok(
        (spec.successfulJobsHistoryLimit ?? -1) >= 0 && (spec.failedJobsHistoryLimit ?? -1) >= 0,
      );
      assert.ok((spec.jobTemplate.spec.backoffLimit ?? 99) <= 3);
      assert.ok((spec.jobTemplate.spec.activeDeadlineSeconds ?? 0) > 0);
      const pod = podOf(c);
      assert.is(pod.restartPolicy, 'Never');
      assert.is(pod.automountServiceAccountToken, true);
      const container = pod.containers[0];
      assert.ok(container && pod.containers.length === 1);
      // Exec form: node itself is PID 1, never a shell.
      assert.equal(container.command, ['node', '/app/dist/src/cli/main.js']);
      assert.equal(container.args, [job]);
      const env = envOf(c);
      const shutdown = Number(
        env.get('SHUTDOWN_TIMEOUT_SECONDS') ?? config['SHUTDOWN_TIMEOUT_SECONDS'],
      );
      assert.ok(
        (pod.terminationGracePeriodSeconds ?? 0) > shutdown,
        `grace ${pod.terminationGracePeriodSeconds} <= ${shutdown}`,
      );
      assert.match(env.get('SHOPIFY_SHOP') ?? '', /^[a-z0-9-]+\.myshopify\.com$/);
      for (const secretEnv of ['SHOPIFY_ACCESS_TOKEN', 'DATABASE_URL', 'APIX_TOKEN']) {
        assert.match(env.get(secretEnv) ?? '', /secretKeyRef/, secretEnv);
      }
      assert.match(env.get('POD_NAME') ?? '', /metadata\.name/);
      assert.match(env.get('POD_NAMESPACE') ?? '', /metadata\.namespace/);
      // The lock identity is the Job's name, so the retry pod takes over a killed pod's Lease;
      // safe because a replacement pod starts only once its predecessor has terminated.
      assert.match(env.get('JOB_NAME') ?? '', /batch\.kubernetes\.io\/job-name/);
      assert.is(spec.jobTemplate.spec.podReplacementPolicy, 'Failed');
      assert.is(env.get('CRONJOB_NAME'), c.metadata.name, 'schedule vs manual runs');
      assert.is(container.envFrom?.[0]?.configMapRef?.name, configMap.metadata.name);
      // Pod security "restricted" plus a read-only root with /tmp writable.
      assert.is(pod.securityContext?.runAsNonRoot, true);
      assert.type(pod.securityContext?.runAsUser, 'number');
      assert.is(pod.securityContext?.seccompProfile?.type, 'RuntimeDefault');
      assert.is(container.securityContext?.allowPrivilegeEscalation, false);
      assert.is(container.securityContext?.readOnlyRootFilesystem, true);
      assert.equal(container.securityContext?.capabilities?.drop, ['ALL']);
      assert.ok(pod.volumes?.some((vol) => vol.name === 'tmp' && vol.emptyDir));
      assert.ok(container.volumeMounts?.some((m) => m.name === 'tmp' && m.mountPath === '/tmp'));
      assert.ok(
        container.resources?.requests?.['memory'] && container.resources.limits?.['memory'],
      );
    }
  });

  test(`Role grants get/update on exactly the jobs' Leases, create separately: ${v.name}`, () => {
    const objects = render({ valuesFiles: v.valuesFiles });
    const role = ofKind(objects, 'Role')[0];
    assert.ok(role);
    const rules = role['rules'] as {
      apiGroups: string[];
      resources: string[];
      verbs: string[];
      resourceNames?: string[];
    }[];
    const named = rules.find((r) => r.resourceNames);
    const create = rules.find((r) => r.verbs.includes('create'));
    assert.equal(named?.verbs, ['get', 'update']);
    assert.equal(named?.apiGroups, ['coordination.k8s.io']);
    assert.equal(create, {
      apiGroups: ['coordination.k8s.io'],
      resources: ['leases'],
      verbs: ['create'],
    });
    const expected = ofKind(objects, 'CronJob')
      .map((c) =>
        expectedLeaseName(
          c.metadata.labels?.['app.kubernetes.io/component'] ?? '',
          envOf(c).get('SHOPIFY_SHOP') ?? '',
        ),
      )
      .sort();
    assert.equal([...(named?.resourceNames ?? [])].sort(), expected);
    for (const name of expected) assert.ok(name.length <= 63 && DNS_LABEL.test(name), name);
    const binding = ofKind(objects, 'RoleBinding')[0];
    const subjects = binding?.['subjects'] as { name: string; namespace: string }[];
    const sa = podOf(ofKind(objects, 'CronJob')[0] as K8sObject).serviceAccountName;
    assert.equal(subjects, [{ kind: 'ServiceAccount', name: sa, namespace: 'shop-sync' }]);
  });
}

test('lease names: short and long shops follow the shared algorithm', () => {
  const longShop = 'a-very-long-shop-name-that-goes-on-and-on-and-on.myshopify.com';
  const objects = render({
    values: {
      stores: [
        { name: 'short', shop: 'ab.myshopify.com' },
        { name: 'long', shop: longShop },
      ],
    },
  });
  const names =
    (ofKind(objects, 'Role')[0]?.['rules'] as { resourceNames?: string[] }[])[0]?.resourceNames ??
    [];
  assert.ok(names.includes('integration-service-sync-orders-ab'));
  assert.ok(names.includes('integration-service-sync-to-shopify-ab'));
  const long = expectedLeaseName('sync-to-shopify', longShop);
  assert.is(long.length, 63);
  assert.match(long, /^integration-service-sync-to-shopify-a-very-long-shop-n-[0-9a-f]{8}$/);
  assert.ok(names.includes(long), names.join(', '));
});

test("lease names equal the service's own lockName() at the 63-character boundary", () => {
  // "integration-service-sync-orders-" is 32 characters: a 31-character slug gives 63, 32 gives 64.
  const shops = [
    'x',
    'a'.repeat(31),
    'b'.repeat(32),
    'c'.repeat(27),
    'shop-with-many-dashes-in-it--ok',
    'z'.repeat(60),
  ].map((slug) => `${slug}.myshopify.com`);
  const objects = render({ values: { stores: shops.map((shop, i) => ({ name: `s${i}`, shop })) } });
  const rules = ofKind(objects, 'Role')[0]?.['rules'] as { resourceNames?: string[] }[];
  const rendered = [...(rules[0]?.resourceNames ?? [])].sort();
  const fromService = shops.flatMap((shop) => JOBS.map((job) => lockName(job, shop))).sort();
  assert.equal(rendered, fromService);
  assert.ok(
    rendered.some((n) => n.length === 63 && !/-[0-9a-f]{8}$/.test(n.slice(54))),
    'no unhashed 63-character name',
  );
  assert.ok(
    rendered.some(
      (n) =>
        n.startsWith('integration-service-sync-orders-bbb') && n.length === 63 && n[54] === '-',
    ),
  );
});

test('a missing tool fails with a clear message instead of skipping', () => {
  assert.throws(() => tool('helm', tempDir('no-tools')), /helm not found at .*: run make tools/);
});

test('multi-store: per-store shop, token key, overrides and schedules', () => {
  const objects = render({ valuesFiles: ['ci/multi-store-values.yaml'] });
  assert.is(ofKind(objects, 'CronJob').length, 6);
  const us = cronFor(objects, 'us', 'sync-to-shopify');
  const env = envOf(us);
  assert.is(env.get('SHOPIFY_SHOP'), 'acme-united-states.myshopify.com');
  assert.is(env.get('SYNC_ARCHIVE_STATUS'), 'DRAFT');
  // Helm reads numbers as floats; large integers must not turn into "2e+06".
  assert.is(env.get('SYNC_BULK_THRESHOLD'), '2000000');
  assert.is(cronSpec(us).schedule, '0 4 * * *');
  assert.is(cronSpec(us).timeZone, 'America/New_York');
  assert.is(podOf(us).terminationGracePeriodSeconds, 60);
  assert.is(cronSpec(cronFor(objects, 'us', 'sync-orders')).suspend, true);
  assert.is(cronSpec(cronFor(objects, 'eu', 'sync-orders')).suspend, false);
  assert.is(cronSpec(cronFor(objects, 'eu', 'sync-orders')).schedule, '*/5 * * * *');
  assert.match(
    envOf(cronFor(objects, 'outlet', 'sync-orders')).get('SHOPIFY_ACCESS_TOKEN') ?? '',
    /"key":"outlet-token"/,
  );
  const secret = ofKind(objects, 'Secret')[0];
  const data = secret?.['data'] as Record<string, string>;
  assert.equal(Object.keys(data).sort(), [
    'apix-token',
    'database-url',
    'outlet-token',
    'shopify-access-token-eu',
    'shopify-access-token-us',
  ]);
  assert.is(Buffer.from(data['shopify-access-token-us'] ?? '', 'base64').toString(), 'shpat_us');
});

test('CronJob names stay <= 52 characters and distinct for a long release and store', () => {
  const objects = render({
    release: 'a-release-name-that-is-quite-long-indeed-for-helm',
    values: {
      stores: [
        {
          name: 'store-number-one-abc',
          shop: 'the-first-shop-with-a-really-long-domain-name-here.myshopify.com',
        },
        { name: 'store-number-one-abd', shop: 'b.myshopify.com' },
      ],
    },
  });
  const names = ofKind(objects, 'CronJob').map((c) => c.metadata.name);
  assert.is(names.length, 4);
  assert.is(new Set(names).size, 4, names.join(', '));
  for (const n of names) {
    assert.ok(n.length <= 52, `${n} has ${n.length} characters`);
    assert.ok(DNS_LABEL.test(n), n);
    assert.ok(n.endsWith('-sync-to-shopify') || n.endsWith('-sync-orders'), n);
  }
});

test('existing secret: no chart Secret, every secret reference points at it', () => {
  const objects = render({ valuesFiles: ['ci/existing-secret-values.yaml'] });
  assert.is(ofKind(objects, 'Secret').length, 0);
  assert.is(ofKind(objects, 'ServiceAccount').length, 0);
  const c = cronFor(objects, 'main', 'sync-orders');
  const refs = (podOf(c).containers[0]?.env ?? []).flatMap((e) =>
    e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef] : [],
  );
  assert.equal(refs, [
    { name: 'integration-service-credentials', key: 'SHOPIFY_ACCESS_TOKEN' },
    { name: 'integration-service-credentials', key: 'DATABASE_URL' },
    { name: 'integration-service-credentials', key: 'APIX_TOKEN' },
  ]);
  assert.is(podOf(c).serviceAccountName, 'integration-service');
});

test('migration hook Job runs migrate up with restartPolicy Never; none without migration.enabled', () => {
  const objects = render({ valuesFiles: ['ci/default-values.yaml'] });
  const job = ofKind(objects, 'Job').find((j) => j.metadata.name.endsWith('-migrate'));
  assert.ok(job);
  assert.is(job.metadata.annotations?.['helm.sh/hook'], 'pre-install,pre-upgrade');
  assert.match(
    job.metadata.annotations?.['helm.sh/hook-delete-policy'] ?? '',
    /before-hook-creation/,
  );
  const pod = (job['spec'] as { template: { spec: PodSpec } }).template.spec;
  assert.equal(pod.containers[0]?.args, ['migrate', 'up']);
  assert.is(pod.restartPolicy, 'Never');
  const noHook = render({
    valuesFiles: ['ci/default-values.yaml'],
    values: { migration: { enabled: false } },
  });
  assert.not.ok(ofKind(noHook, 'Job').some((j) => j.metadata.name.endsWith('-migrate')));
  assert.equal(
    ofKind(noHook, 'Secret').map((s) => s.metadata.annotations?.['helm.sh/hook']),
    [undefined],
  );
});

test('dashboard ConfigMap carries the sidecar label and the dashboard with a fixed uid', () => {
  const objects = render({ valuesFiles: ['ci/monitoring-values.yaml'] });
  const cm = ofKind(objects, 'ConfigMap').find((c) => c.metadata.name.endsWith('-dashboard'));
  assert.ok(cm);
  assert.is(cm.metadata.labels?.['grafana_dashboard'], '1');
  assert.is(cm.metadata.annotations?.['grafana_folder'], 'Integrations');
  const dashboard = JSON.parse(
    (cm['data'] as Record<string, string>)['integration-service.json'] ?? '',
  ) as {
    uid: string;
    templating: { list: { name: string }[] };
  };
  assert.is(dashboard.uid, 'integration-service');
  assert.equal(
    dashboard.templating.list.map((t) => t.name),
    ['datasource', 'shop'],
  );
  const relabelled = render({ values: { dashboard: { labels: { my_dashboards: 'team-a' } } } });
  const cm2 = ofKind(relabelled, 'ConfigMap').find((c) => c.metadata.name.endsWith('-dashboard'));
  assert.is(cm2?.metadata.labels?.['my_dashboards'], 'team-a');
});

test('NetworkPolicy denies ingress and allows DNS plus the configured egress', () => {
  const objects = render({ valuesFiles: ['ci/monitoring-values.yaml'] });
  const np = ofKind(objects, 'NetworkPolicy')[0];
  assert.ok(np);
  const spec = np['spec'] as {
    policyTypes: string[];
    ingress: unknown[];
    egress: { ports?: { port: number }[]; to?: unknown[] }[];
    podSelector: { matchLabels: Record<string, string> };
  };
  assert.equal(spec.policyTypes, ['Ingress', 'Egress']);
  assert.equal(spec.ingress, []);
  assert.ok(spec.egress[0]?.ports?.some((p) => p.port === 53));
  assert.equal(
    spec.egress[1]?.ports?.map((p) => p.port),
    [443, 6443, 5432, 9091],
  );
  assert.ok(spec.egress[2]?.to);
  // The selector matches the CronJob pods.
  const podLabels = (
    cronSpec(cronFor(objects, 'main', 'sync-orders')).jobTemplate.spec.template as unknown as {
      metadata: { labels: Record<string, string> };
    }
  ).metadata.labels;
  for (const [k, val] of Object.entries(spec.podSelector.matchLabels))
    assert.is(podLabels[k], val, k);
  assert.is(ofKind(render(), 'NetworkPolicy').length, 0);
});

test('NOTES print a manual-run command and a logs command per store and job', () => {
  const release = 'a-release-name-that-is-quite-long-indeed-for-helm';
  const notes = renderNotes({
    release,
    valuesFiles: ['ci/multi-store-values.yaml'],
    namespace: 'shops',
  });
  const objects = render({
    release,
    valuesFiles: ['ci/multi-store-values.yaml'],
    namespace: 'shops',
  });
  const commands = [
    ...notes.matchAll(/kubectl create job --from=cronjob\/(\S+) (\S+)-\$\(date \+%s\) -n shops/g),
  ];
  const cronNames = ofKind(objects, 'CronJob')
    .map((c) => c.metadata.name)
    .sort();
  assert.equal(commands.map((m) => m[1]).sort(), cronNames);
  for (const m of commands) {
    const cron = m[1] ?? '';
    const prefix = m[2] ?? '';
    assert.ok(prefix.endsWith('-manual'), prefix);
    // A Job name becomes a 63-character label value; the epoch adds 11 characters.
    assert.ok(prefix.length + 11 <= 63, `${prefix} leaves no room for the timestamp`);
    if (cron.length + 18 <= 63) assert.is(prefix, `${cron}-manual`);
  }
  for (const store of ['eu', 'us', 'outlet']) {
    for (const job of JOBS) {
      assert.ok(
        notes.includes(`app.kubernetes.io/component=${job},integration-service/store=${store}`),
        `${store} ${job} logs`,
      );
    }
  }
});

test.run();
