import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ofKind, render, type K8sObject } from './helpers/helm.js';
import { checkObject } from './helpers/k8s-check.js';

/* The object checker must reject what the API server would drop or refuse, or the chart tests prove nothing. */

const objects = render({ valuesFiles: ['ci/monitoring-values.yaml'] });
const cronJob = (): K8sObject => structuredClone(ofKind(objects, 'CronJob')[0] as K8sObject);
type Pod = {
  spec: {
    jobTemplate: {
      spec: {
        template: { spec: { containers: Record<string, unknown>[] } & Record<string, unknown> };
      };
    };
  };
};

test('the unchanged CronJob passes', () => {
  assert.equal(checkObject(cronJob()), []);
});

const cases: { name: string; mutate: (o: K8sObject & Pod) => void; expected: RegExp }[] = [
  {
    name: 'misspelt CronJob spec field',
    mutate: (o) => Object.assign(o.spec, { concurencyPolicy: 'Forbid' }),
    expected: /spec\.concurencyPolicy: unknown field of V1CronJobSpec/,
  },
  {
    name: 'misspelt container field deep in the pod template',
    mutate: (o) =>
      Object.assign(o.spec.jobTemplate.spec.template.spec.containers[0] ?? {}, {
        imagePullPolcy: 'Always',
      }),
    expected: /containers\[0\]\.imagePullPolcy: unknown field of V1Container/,
  },
  {
    name: 'misspelt pod security field',
    mutate: (o) => Object.assign(o.spec.jobTemplate.spec.template.spec, { securityContex: {} }),
    expected: /securityContex: unknown field of V1PodSpec/,
  },
  {
    name: 'wrong type (schema violation)',
    mutate: (o) => Object.assign(o.spec, { schedule: 5 }),
    expected: /schedule/,
  },
  {
    name: 'missing required field',
    mutate: (o) => {
      delete o.spec.jobTemplate.spec.template.spec.containers[0]?.['name'];
    },
    expected: /name/,
  },
];
for (const c of cases) {
  test(`rejects: ${c.name}`, () => {
    const o = cronJob() as K8sObject & Pod;
    c.mutate(o);
    const problems = checkObject(o);
    assert.ok(
      problems.some((p) => c.expected.test(p)),
      problems.join('\n') || 'no problem reported',
    );
  });
}

test('rejects a misspelt PrometheusRule rule field and an unknown kind', () => {
  const rule = structuredClone(ofKind(objects, 'PrometheusRule')[0] as K8sObject);
  assert.equal(checkObject(rule), []);
  const groups = (rule['spec'] as { groups: { rules: Record<string, unknown>[] }[] }).groups;
  Object.assign(groups[0]?.rules[0] ?? {}, { annotaions: {} });
  assert.ok(checkObject(rule).some((p) => /rules\[0\]\.annotaions: unknown field/.test(p)));
  assert.ok(checkObject({ apiVersion: 'apps/v1', kind: 'Deploymnet' })[0]?.includes('not a kind'));
});

test.run();
