import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cronPod, ofKind, opsFunction, render, renderNotes } from './helpers/helm.js';
import { checkObject } from './helpers/k8s-check.js';
import { runAsOperator, startDiscovery } from './helpers/kubectl.js';

/*
 * The chart exposes `doctor` twice: NOTES prints the command that runs it in the cluster (the
 * store's operations function), and `helm test <release>` runs one hook pod per store. Both must
 * run it exactly as the store's CronJobs are configured.
 */
interface Container {
  command?: string[];
  args?: string[];
  env?: { name: string }[];
  envFrom?: unknown[];
  image?: string;
  securityContext?: unknown;
  volumeMounts?: unknown[];
}
interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  securityContext?: unknown;
  volumes?: unknown[];
  restartPolicy?: string;
  containers: Container[];
}

let discovery: Awaited<ReturnType<typeof startDiscovery>>;
test.before(async () => {
  discovery = await startDiscovery();
});
test.after(async () => {
  await discovery?.close();
});

test('helm test runs doctor in one hook pod per store, configured like its CronJobs', () => {
  const objects = render({
    release: 'acme',
    namespace: 'sync',
    valuesFiles: ['ci/multi-store-values.yaml'],
  });
  const hooks = ofKind(objects, 'Pod').filter(
    (p) => p.metadata.annotations?.['helm.sh/hook'] === 'test',
  );
  const stores = ['eu', 'us', 'outlet'];
  assert.equal(
    hooks.map((h) => h.metadata.labels?.['integration-service/store']).sort(),
    [...stores].sort(),
  );
  for (const store of stores) {
    const pod = hooks.find((h) => h.metadata.labels?.['integration-service/store'] === store);
    assert.ok(pod);
    assert.equal(checkObject(pod), [], `${store}: not a valid Pod`);
    const spec = pod['spec'] as PodSpec;
    const job = cronPod<PodSpec>(objects, store);
    const [doctor] = spec.containers;
    const [jobContainer] = job.containers;
    assert.ok(doctor && jobContainer);
    assert.equal(doctor.args, ['doctor']);
    assert.equal(doctor.command, jobContainer.command);
    assert.is(doctor.image, jobContainer.image);
    // CRONJOB_NAME only tells a CronJob's own runs from manual ones; a hook pod is not a run.
    assert.equal(
      doctor.env,
      jobContainer.env?.filter((e) => e.name !== 'CRONJOB_NAME' && e.name !== 'DATABASE_POOL_MAX'),
      'the same configuration as the jobs',
    );
    assert.equal(doctor.envFrom, jobContainer.envFrom);
    assert.equal(doctor.securityContext, jobContainer.securityContext);
    assert.equal(doctor.volumeMounts, jobContainer.volumeMounts);
    assert.is(spec.serviceAccountName, job.serviceAccountName, "the RBAC checked is the jobs'");
    assert.is(spec.automountServiceAccountToken, true);
    assert.equal(spec.securityContext, job.securityContext);
    assert.equal(spec.volumes, job.volumes);
    assert.is(spec.restartPolicy, 'Never');
    assert.ok(pod.metadata.name.length <= 63);
    // Kept when it fails (for kubectl logs), removed when it passes or before the next test.
    assert.is(
      pod.metadata.annotations?.['helm.sh/hook-delete-policy'],
      'before-hook-creation,hook-succeeded',
    );
    // NetworkPolicy egress follows the release's selector labels.
    assert.is(pod.metadata.labels?.['app.kubernetes.io/instance'], 'acme');
    assert.is(pod.metadata.labels?.['app.kubernetes.io/name'], 'integration-service');
  }
});

test("NOTES prints the doctor command and helm test; pasted into a shell it runs doctor in the store's pod", async () => {
  const options = { release: 'shops', valuesFiles: ['ci/default-values.yaml'] };
  const notes = renderNotes(options);
  assert.match(notes, /shops-main doctor/);
  assert.match(notes, /helm test shops -n shop-sync --logs/);
  const r = await runAsOperator(
    `${opsFunction(notes, 'shops-main')}\nshops-main doctor`,
    discovery.url,
  );
  assert.is(r.code, 0, r.stderr);
  const pod = JSON.parse(r.stdout) as { spec: PodSpec };
  assert.equal(pod.spec.containers[0]?.args, ['doctor']);
  assert.is(pod.spec.automountServiceAccountToken, true);
});

test.run();
