import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { helmTemplate, ofKind, render, renderNotes, type K8sObject } from './helpers/helm.js';
import { checkObject } from './helpers/k8s-check.js';
import { loadConfig } from '../../src/config/load-config.js';

/* Values and their consequences, rendered by the real helm and checked on the parsed objects. */

interface Container {
  image: string;
  env?: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  envFrom?: unknown[];
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodSpec {
  priorityClassName?: string;
  volumes?: { name: string; emptyDir?: { sizeLimit?: string } }[];
  containers: Container[];
}
interface PodTemplate {
  metadata: { labels?: Record<string, string> };
  spec: PodSpec;
}

/** Every pod template the chart renders: CronJobs' and the migration Job's. */
function podTemplates(objects: K8sObject[]): { owner: string; template: PodTemplate }[] {
  return [
    ...ofKind(objects, 'CronJob').map((c) => ({
      owner: c.metadata.name,
      template: (c['spec'] as { jobTemplate: { spec: { template: PodTemplate } } }).jobTemplate.spec
        .template,
    })),
    ...ofKind(objects, 'Job').map((j) => ({
      owner: j.metadata.name,
      template: (j['spec'] as { template: PodTemplate }).template,
    })),
  ];
}

const hook = (o: K8sObject | undefined) => o?.metadata.annotations?.['helm.sh/hook'];
const secretRefs = (c: Container | undefined) =>
  (c?.env ?? []).flatMap((e) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef] : []));
const decode = (o: K8sObject | undefined, key: string) =>
  Buffer.from((o?.['data'] as Record<string, string>)[key] ?? '', 'base64').toString();

test('the migration hook ends before helm stops waiting (5 minutes by default)', () => {
  const job = ofKind(render({ valuesFiles: ['ci/default-values.yaml'] }), 'Job')[0];
  const deadline = (job?.['spec'] as { activeDeadlineSeconds: number }).activeDeadlineSeconds;
  // A minute for scheduling and the image pull, inside helm's default --timeout of 300 s.
  assert.ok(deadline + 60 <= 300, `activeDeadlineSeconds ${deadline}`);
  assert.not.match(renderNotes({ valuesFiles: ['ci/default-values.yaml'] }), /--timeout \d+s/);
});

test('a longer migration deadline makes NOTES say which helm --timeout to pass', () => {
  const notes = renderNotes({
    valuesFiles: ['ci/default-values.yaml'],
    values: { migration: { activeDeadlineSeconds: 1800 } },
  });
  assert.match(notes, /WARNING: migration\.activeDeadlineSeconds is 1800s: pass --timeout 1860s/);
});

test("the jobs' Secret is a plain release object; the hook reads the URL from its own short-lived Secret", () => {
  const objects = render({ valuesFiles: ['ci/multi-store-values.yaml'] });
  const secrets = ofKind(objects, 'Secret');
  const release = secrets.find((s) => hook(s) === undefined);
  const forHook = secrets.find((s) => hook(s) !== undefined);
  assert.ok(release && forHook, secrets.map((s) => s.metadata.name).join(', '));
  // Every CronJob reads the release Secret, which survives upgrades and rollbacks.
  for (const { template } of podTemplates(objects).filter((p) => !p.owner.endsWith('-migrate')))
    for (const ref of secretRefs(template.spec.containers[0]))
      assert.is(ref.name, release.metadata.name);
  // The hook Secret exists before the Job, holds only the database URL, and goes with the hooks.
  const job = ofKind(objects, 'Job').find((j) => j.metadata.name.endsWith('-migrate'));
  assert.is(hook(forHook), 'pre-install,pre-upgrade');
  assert.is(hook(job), 'pre-install,pre-upgrade');
  assert.ok(
    Number(forHook.metadata.annotations?.['helm.sh/hook-weight']) <
      Number(job?.metadata.annotations?.['helm.sh/hook-weight']),
  );
  const policy = forHook.metadata.annotations?.['helm.sh/hook-delete-policy'] ?? '';
  for (const p of ['before-hook-creation', 'hook-succeeded']) assert.ok(policy.includes(p), policy);
  assert.equal(Object.keys(forHook['data'] as object), ['database-url']);
  assert.is(decode(forHook, 'database-url'), decode(release, 'database-url'));
  const jobPod = (job?.['spec'] as { template: PodTemplate }).template.spec;
  assert.equal(secretRefs(jobPod.containers[0]), [
    { name: forHook.metadata.name, key: 'database-url' },
  ]);
  // It takes the name of chart 0.1.x's hook Secret, so the first upgrade replaces that leftover.
  assert.is(forHook.metadata.name, 'rel-integration-service');
});

test('with an existing Secret the chart makes none, and the hook reads the existing one', () => {
  const objects = render({
    valuesFiles: ['ci/existing-secret-values.yaml'],
    values: { migration: { enabled: true } },
  });
  assert.is(ofKind(objects, 'Secret').length, 0);
  const job = ofKind(objects, 'Job')[0];
  const refs = secretRefs((job?.['spec'] as { template: PodTemplate }).template.spec.containers[0]);
  assert.equal(refs, [{ name: 'integration-service-credentials', key: 'DATABASE_URL' }]);
});

const rejected: { name: string; values: unknown; error: RegExp }[] = [
  {
    name: 'two stores with one name',
    values: {
      stores: [
        { name: 'main', shop: 'a.myshopify.com', accessToken: 'shpat_a' },
        { name: 'main', shop: 'b.myshopify.com', accessToken: 'shpat_b' },
      ],
    },
    error: /two stores are named "main"/,
  },
  {
    name: 'two stores with one token key',
    values: {
      stores: [
        { name: 'eu', shop: 'a.myshopify.com', accessTokenKey: 'token' },
        { name: 'us', shop: 'b.myshopify.com', accessTokenKey: 'token' },
      ],
    },
    error: /"eu" and "us" use the same accessTokenKey "token"/,
  },
  {
    name: 'no service account created and none named',
    values: { serviceAccount: { create: false } },
    error: /serviceAccount\.name is required when serviceAccount\.create is false/,
  },
];
for (const c of rejected) {
  test(`helm refuses ${c.name}`, () => {
    const r = helmTemplate({ values: c.values });
    assert.is.not(r.code, 0, `accepted ${JSON.stringify(c.values)}`);
    assert.match(r.stderr, c.error);
  });
}

test('an existing service account named by value is the RoleBinding subject and the pods use it', () => {
  const objects = render({ values: { serviceAccount: { create: false, name: 'sync-bot' } } });
  assert.is(ofKind(objects, 'ServiceAccount').length, 0);
  const binding = ofKind(objects, 'RoleBinding')[0];
  assert.equal(
    (binding?.['subjects'] as { name: string }[]).map((s) => s.name),
    ['sync-bot'],
  );
  for (const c of ofKind(objects, 'CronJob'))
    assert.is(
      (
        c['spec'] as {
          jobTemplate: { spec: { template: { spec: { serviceAccountName: string } } } };
        }
      ).jobTemplate.spec.template.spec.serviceAccountName,
      'sync-bot',
    );
});

test('/tmp is sized by tmpVolume.sizeLimit in every pod (1Gi by default)', () => {
  for (const [values, expected] of [
    [{}, '1Gi'],
    [{ tmpVolume: { sizeLimit: '6Gi' } }, '6Gi'],
  ] as const) {
    for (const { owner, template } of podTemplates(
      render({ valuesFiles: ['ci/default-values.yaml'], values }),
    )) {
      const tmp = template.spec.volumes?.find((v) => v.name === 'tmp');
      assert.is(tmp?.emptyDir?.sizeLimit, expected, owner);
      for (const c of template.spec.containers)
        assert.ok(
          c.volumeMounts?.some((m) => m.name === 'tmp' && m.mountPath === '/tmp'),
          owner,
        );
    }
  }
});

test('priorityClassName, extraVolumes, extraVolumeMounts, extraEnvFrom and commonLabels reach every pod and object', () => {
  const objects = render({
    valuesFiles: ['ci/multi-store-values.yaml'],
    values: {
      priorityClassName: 'batch-low',
      extraVolumes: [{ name: 'pg-ca', secret: { secretName: 'pg-ca' } }],
      extraVolumeMounts: [{ name: 'pg-ca', mountPath: '/etc/postgres-ca', readOnly: true }],
      extraEnvFrom: [{ secretRef: { name: 'proxy-settings' } }],
      commonLabels: { team: 'commerce', 'cost-center': 'ecom' },
    },
  });
  for (const o of objects) {
    assert.equal(checkObject(o), [], `${o.kind}/${o.metadata.name}`);
    assert.is(o.metadata.labels?.['team'], 'commerce', `${o.kind}/${o.metadata.name}`);
  }
  const pods = podTemplates(objects);
  assert.is(pods.length, 8); // six CronJobs, the migration Job and the uninstall metrics cleanup
  for (const { owner, template } of pods) {
    assert.is(template.spec.priorityClassName, 'batch-low', owner);
    assert.ok(
      template.spec.volumes?.some((v) => v.name === 'pg-ca'),
      owner,
    );
    assert.is(template.metadata.labels?.['cost-center'], 'ecom', owner);
    for (const c of template.spec.containers) {
      assert.ok(
        c.volumeMounts?.some((m) => m.mountPath === '/etc/postgres-ca'),
        owner,
      );
      assert.ok(
        c.envFrom?.some((e) => JSON.stringify(e) === '{"secretRef":{"name":"proxy-settings"}}'),
        owner,
      );
    }
  }
});

test('image.registry and global.imageRegistry prefix the repository; a digest still wins over the tag', () => {
  const images = (values: unknown) =>
    new Set(
      podTemplates(render({ valuesFiles: ['ci/default-values.yaml'], values })).flatMap((p) =>
        p.template.spec.containers.map((c) => c.image),
      ),
    );
  assert.equal([...images({})], ['ghcr.io/example/integration-service:0.1.0']);
  assert.equal(
    [...images({ image: { registry: 'registry.example.com:5000' } })],
    ['registry.example.com:5000/example/integration-service:0.1.0'],
  );
  assert.equal(
    [...images({ global: { imageRegistry: 'mirror.internal' }, image: { tag: '1.2.3' } })],
    ['mirror.internal/example/integration-service:1.2.3'],
  );
  const digest = `sha256:${'a'.repeat(64)}`;
  assert.equal(
    [...images({ image: { registry: '', repository: 'localhost:5000/is', digest } })],
    [`localhost:5000/is@${digest}`],
  );
});

test('NOTES warns about a store without an access token, unless the Secret is managed outside', () => {
  const stores = [
    { name: 'eu', shop: 'eu.myshopify.com', accessToken: 'shpat_eu' },
    { name: 'us', shop: 'us.myshopify.com' },
  ];
  const notes = renderNotes({ valuesFiles: ['ci/default-values.yaml'], values: { stores } });
  assert.match(notes, /WARNING: store us \(us\.myshopify\.com\) has no accessToken/);
  assert.not.match(notes, /WARNING: store eu/);
  const external = renderNotes({
    valuesFiles: ['ci/existing-secret-values.yaml'],
    values: { stores: [{ name: 'us', shop: 'us.myshopify.com', accessTokenKey: 'US_TOKEN' }] },
  });
  assert.not.match(external, /has no accessToken/);
});

/**
 * A boolean `config.<key>` reaches the jobs as `envName`, a store's own value wins over the
 * shared one, and the service reads what the chart wrote (`read` picks the parsed setting).
 */
function booleanSettingReachesJobs(
  key: string,
  envName: string,
  read: (config: ReturnType<typeof loadConfig>) => boolean,
  serviceDefault: boolean,
): void {
  const settings = (objects: K8sObject[]) =>
    (ofKind(objects, 'ConfigMap').find((c) => !c.metadata.name.endsWith('-dashboard'))?.['data'] ??
      {}) as Record<string, string>;
  // null (the default) leaves the service's own default.
  assert.not.ok(envName in settings(render()));
  const objects = render({
    valuesFiles: ['ci/multi-store-values.yaml'],
    values: {
      config: { [key]: !serviceDefault },
      stores: [
        { name: 'eu', shop: 'acme-europe.myshopify.com', accessToken: 'shpat_eu' },
        {
          name: 'us',
          shop: 'acme-united-states.myshopify.com',
          accessToken: 'shpat_us',
          config: { [key]: serviceDefault },
        },
      ],
    },
  });
  const shared = settings(objects);
  assert.is(shared[envName], String(!serviceDefault));
  const storeEnv = (store: string) => {
    const pod = podTemplates(objects).find(
      (p) => p.owner.includes(`-${store}-`) && p.owner.includes('orders'),
    );
    assert.ok(pod, store);
    const env = pod.template.spec.containers[0]?.env ?? [];
    // Env beats envFrom, so a store's own value wins over the ConfigMap's.
    const own = env.find((e) => e.name === envName) as { value?: string } | undefined;
    return own?.value ?? shared[envName];
  };
  const parsed = (value: string | undefined) =>
    read(
      loadConfig(
        {
          DATABASE_URL: 'postgres://app@db:5432/integration',
          SHOPIFY_SHOP: 'acme-europe.myshopify.com',
          SHOPIFY_ACCESS_TOKEN: 'shpat_0123456789abcdef0123456789abcdef',
          APIX_BASE_URL: 'https://apix.acme.example',
          APIX_TOKEN: 'apix-token-value-123',
          ...(value === undefined ? {} : { [envName]: value }),
        },
        'jobs',
      ),
    );
  assert.is(parsed(undefined), serviceDefault, 'service default');
  assert.is(parsed(storeEnv('eu')), !serviceDefault);
  assert.is(parsed(storeEnv('us')), serviceDefault);
}

test('config.shipmentsNotifyCustomer reaches the jobs as SHIPMENTS_NOTIFY_CUSTOMER, per store too, and the service reads it', () => {
  booleanSettingReachesJobs(
    'shipmentsNotifyCustomer',
    'SHIPMENTS_NOTIFY_CUSTOMER',
    (c) => c.shipments.notifyCustomer,
    true,
  );
});

test('config.shipmentsEnabled reaches the jobs as SHIPMENTS_ENABLED (off by default), per store too, and the service reads it', () => {
  booleanSettingReachesJobs(
    'shipmentsEnabled',
    'SHIPMENTS_ENABLED',
    (c) => c.shipments.enabled,
    false,
  );
});

test.run();
