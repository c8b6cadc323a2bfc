import * as k8s from '@kubernetes/client-node';
import { CronJob, Job } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { ConfigMap, Pod, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';

/**
 * Checks a rendered object two ways: kubernetes-models validates it against the Kubernetes
 * OpenAPI schema (types, required fields, enums) but lets unknown fields through, so every field
 * is also looked up in @kubernetes/client-node's attribute maps, which catches misspelt names
 * (a misspelt field is silently dropped by the API server, so it would never take effect).
 */
type ModelClass = new (data: Record<string, unknown>) => { validate(): void };
interface Attribute {
  baseName: string;
  type: string;
}

const KINDS: Record<string, { model?: ModelClass; type: string }> = {
  'v1/ConfigMap': { model: ConfigMap, type: 'V1ConfigMap' },
  'v1/Secret': { model: Secret, type: 'V1Secret' },
  'v1/ServiceAccount': { model: ServiceAccount, type: 'V1ServiceAccount' },
  // The operations pods NOTES.txt runs with kubectl run.
  'v1/Pod': { model: Pod, type: 'V1Pod' },
  // skaffold dev's throwaway PostgreSQL and simulators (dev/deps-chart).
  'v1/Service': { model: Service, type: 'V1Service' },
  'apps/v1/Deployment': { model: Deployment, type: 'V1Deployment' },
  'batch/v1/CronJob': { model: CronJob, type: 'V1CronJob' },
  'batch/v1/Job': { model: Job, type: 'V1Job' },
  'rbac.authorization.k8s.io/v1/Role': { model: Role, type: 'V1Role' },
  'rbac.authorization.k8s.io/v1/RoleBinding': {
    model: RoleBinding as unknown as ModelClass,
    type: 'V1RoleBinding',
  },
  'networking.k8s.io/v1/NetworkPolicy': { model: NetworkPolicy, type: 'V1NetworkPolicy' },
  // Not a core type: checked against the prometheus-operator CRD's fields below.
  'monitoring.coreos.com/v1/PrometheusRule': { type: 'PrometheusRule' },
};

const attr = (baseName: string, type: string): Attribute => ({ baseName, type });
// monitoring.coreos.com/v1 PrometheusRule, the fields of its CRD that a rule file can hold.
const CUSTOM_TYPES: Record<string, Attribute[]> = {
  PrometheusRule: [
    attr('apiVersion', 'string'),
    attr('kind', 'string'),
    attr('metadata', 'V1ObjectMeta'),
    attr('spec', 'PrometheusRuleSpec'),
  ],
  PrometheusRuleSpec: [attr('groups', 'Array<PrometheusRuleGroup>')],
  PrometheusRuleGroup: [
    attr('name', 'string'),
    attr('interval', 'string'),
    attr('limit', 'number'),
    attr('partial_response_strategy', 'string'),
    attr('rules', 'Array<PrometheusRuleRule>'),
  ],
  PrometheusRuleRule: [
    attr('alert', 'string'),
    attr('record', 'string'),
    attr('expr', 'IntOrString'),
    attr('for', 'string'),
    attr('keep_firing_for', 'string'),
    attr('labels', '{ [key: string]: string; }'),
    attr('annotations', '{ [key: string]: string; }'),
  ],
};

function attributesOf(type: string): Attribute[] | undefined {
  const custom = CUSTOM_TYPES[type];
  if (custom) return custom;
  const model = (
    k8s as unknown as Record<string, { getAttributeTypeMap?: () => Attribute[] } | undefined>
  )[type];
  return model?.getAttributeTypeMap?.();
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

function checkFields(value: unknown, type: string, where: string, problems: string[]): void {
  const array = /^Array<(.+)>$/.exec(type);
  if (array?.[1]) {
    if (!Array.isArray(value))
      return void problems.push(`${where}: expected a list, got ${describe(value)}`);
    value.forEach((item, i) => checkFields(item, array[1] as string, `${where}[${i}]`, problems));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map?.[1]) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return void problems.push(`${where}: expected a map, got ${describe(value)}`);
    }
    for (const [k, v] of Object.entries(value)) checkFields(v, map[1], `${where}.${k}`, problems);
    return;
  }
  switch (type) {
    case 'any':
      return;
    case 'string':
    case 'Date':
      if (typeof value !== 'string')
        problems.push(`${where}: expected a string, got ${describe(value)}`);
      return;
    case 'number':
      if (typeof value !== 'number')
        problems.push(`${where}: expected a number, got ${describe(value)}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean')
        problems.push(`${where}: expected a boolean, got ${describe(value)}`);
      return;
    case 'IntOrString':
      if (typeof value !== 'number' && typeof value !== 'string')
        problems.push(`${where}: expected int or string`);
      return;
  }
  const attributes = attributesOf(type);
  if (!attributes) return void problems.push(`${where}: no field list for type ${type}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return void problems.push(`${where}: expected an object (${type}), got ${describe(value)}`);
  }
  for (const [key, child] of Object.entries(value)) {
    const field = attributes.find((a) => a.baseName === key);
    if (!field) problems.push(`${where}.${key}: unknown field of ${type}`);
    else if (child !== null) checkFields(child, field.type, `${where}.${key}`, problems);
  }
}

/** Problems with one rendered object; empty when it is valid. */
export function checkObject(object: { apiVersion?: unknown; kind?: unknown }): string[] {
  const key = `${String(object.apiVersion)}/${String(object.kind)}`;
  const kind = KINDS[key];
  if (!kind) return [`${key}: not a kind this chart is expected to render`];
  const problems: string[] = [];
  if (kind.model) {
    try {
      new kind.model(structuredClone(object)).validate();
    } catch (error) {
      problems.push(`${key}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  checkFields(object, kind.type, key, problems);
  return problems;
}
