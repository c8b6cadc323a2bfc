import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  cronPod,
  opsFunction,
  render,
  renderNotes,
  type K8sObject,
  type RenderOptions,
} from './helpers/helm.js';
import { checkObject } from './helpers/k8s-check.js';
import { runAsOperator, startDiscovery } from './helpers/kubectl.js';

/*
 * NOTES.txt gives each store a shell function that runs any subcommand in a short-lived pod
 * (`kubectl run`). Here the printed text is pasted into bash as an operator would, with the real
 * kubectl rendering the pod it would create, and that pod is compared with the store's CronJob.
 */

interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  envFrom?: unknown[];
  securityContext?: unknown;
  volumeMounts?: unknown[];
  imagePullPolicy?: string;
  resources?: unknown;
}
interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  securityContext?: unknown;
  volumes?: unknown[];
  restartPolicy?: string;
  priorityClassName?: string;
  containers: Container[];
}
type Pod = K8sObject & { spec: PodSpec };

let discovery: Awaited<ReturnType<typeof startDiscovery>>;
test.before(async () => {
  discovery = await startDiscovery();
});
test.after(async () => {
  await discovery?.close();
});

async function operationsPod(
  options: RenderOptions & { release: string },
  store: string,
  args: string,
): Promise<Pod> {
  const fn = `${options.release}-${store}`;
  const r = await runAsOperator(
    `${opsFunction(renderNotes(options), fn)}\n${fn} ${args}`,
    discovery.url,
  );
  assert.is(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Pod;
}

const cases: { name: string; options: RenderOptions & { release: string }; stores: string[] }[] = [
  {
    name: 'one store',
    options: { release: 'shops', valuesFiles: ['ci/default-values.yaml'] },
    stores: ['main'],
  },
  {
    name: 'three stores with per-store settings',
    options: { release: 'acme', namespace: 'sync', valuesFiles: ['ci/multi-store-values.yaml'] },
    stores: ['eu', 'us', 'outlet'],
  },
  {
    name: 'an existing Secret and service account, extra volumes and env',
    options: {
      release: 'ext',
      valuesFiles: ['ci/existing-secret-values.yaml'],
      values: {
        priorityClassName: 'batch-low',
        extraEnvFrom: [{ secretRef: { name: 'proxy-settings' } }],
        extraVolumes: [{ name: 'pg-ca', secret: { secretName: 'pg-ca' } }],
        extraVolumeMounts: [{ name: 'pg-ca', mountPath: '/etc/postgres-ca', readOnly: true }],
        commonLabels: { team: 'commerce' },
      },
    },
    stores: ['main'],
  },
];

for (const c of cases) {
  test(`NOTES' operations command runs a pod like the store's CronJob: ${c.name}`, async () => {
    const objects = render(c.options);
    for (const store of c.stores) {
      const pod = await operationsPod(c.options, store, `orders show '#1001' --json`);
      assert.equal(checkObject(pod), [], `${store}: not a valid Pod`);
      const job = cronPod<PodSpec>(objects, store);
      const [opsContainer] = pod.spec.containers;
      const [jobContainer] = job.containers;
      assert.ok(opsContainer && jobContainer);
      // The subcommand and its arguments arrive as typed, quotes and all.
      assert.equal(opsContainer.args, ['orders', 'show', '#1001', '--json']);
      assert.equal(opsContainer.command, jobContainer.command);
      assert.is(opsContainer.image, jobContainer.image);
      assert.is(opsContainer.imagePullPolicy, jobContainer.imagePullPolicy);
      // Same configuration: every variable of the CronJob but the one telling its scheduled runs
      // from manual ones (CRONJOB_NAME), plus the operator's name for audit lines.
      assert.equal(
        opsContainer.env?.filter((e) => e.name !== 'USER'),
        jobContainer.env?.filter(
          (e) => e.name !== 'CRONJOB_NAME' && e.name !== 'DATABASE_POOL_MAX',
        ),
      );
      assert.ok(
        opsContainer.env?.some((e) => e.name === 'USER' && e.value),
        'USER for the audit line',
      );
      assert.equal(opsContainer.envFrom, jobContainer.envFrom);
      assert.equal(opsContainer.volumeMounts, jobContainer.volumeMounts);
      assert.equal(opsContainer.securityContext, jobContainer.securityContext);
      // Same identity and pod security; never restarted, removed after it ran.
      assert.is(pod.spec.serviceAccountName, job.serviceAccountName);
      assert.is(pod.spec.automountServiceAccountToken, true);
      assert.equal(pod.spec.securityContext, job.securityContext);
      assert.equal(pod.spec.volumes, job.volumes);
      assert.is(pod.spec.priorityClassName, job.priorityClassName);
      assert.is(pod.spec.restartPolicy, 'Never');
      // The pod name (also the container's) stays a DNS label with the epoch appended.
      assert.ok(pod.metadata.name.length <= 63, pod.metadata.name);
      assert.match(pod.metadata.name, /-ops-\d{10}$/);
      assert.is(opsContainer.name, pod.metadata.name);
      // NetworkPolicies select the release's pods by these labels.
      const labels = pod.metadata.labels ?? {};
      assert.is(labels['app.kubernetes.io/instance'], c.options.release);
      assert.is(labels['app.kubernetes.io/name'], 'integration-service');
      assert.is(labels['app.kubernetes.io/component'], 'ops');
      assert.is(labels['integration-service/store'], store);
      assert.is(labels['app.kubernetes.io/managed-by'], undefined, 'not a Helm object');
    }
  });
}

test('a long release and store name still give pod names within 63 characters', async () => {
  const options = {
    release: 'a-release-name-that-is-quite-long-indeed-for-helm',
    values: {
      stores: [{ name: 'store-number-one-abc', shop: 'x.myshopify.com', accessToken: 't' }],
    },
  };
  const pod = await operationsPod(options, 'store-number-one-abc', 'status');
  assert.ok(pod.metadata.name.length <= 63, `${pod.metadata.name} (${pod.metadata.name.length})`);
  assert.equal(pod.spec.containers[0]?.args, ['status']);
});

test.run();
