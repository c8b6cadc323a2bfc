import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { CHART_DIR, run, tempDir, tool, type RunResult } from './tools.js';

/** A rendered Kubernetes object, as plain JSON. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

export interface RenderOptions {
  release?: string;
  /** Another chart than ours (skaffold's dev dependencies). */
  chart?: string;
  namespace?: string;
  /** Paths relative to the chart, e.g. "ci/multi-store-values.yaml". */
  valuesFiles?: readonly string[];
  /** Extra values, written to a temporary file (avoids --set's list quirks). */
  values?: unknown;
}

// helm keeps config and cache under HOME; an empty one per test process keeps runs offline and isolated.
const home = tempDir('helm-home');

export function helm(args: readonly string[]): RunResult {
  return run(tool('helm'), args, {
    HOME: home,
    XDG_CONFIG_HOME: '',
    XDG_CACHE_HOME: '',
    XDG_DATA_HOME: '',
  });
}

function valueArgs(options: RenderOptions): string[] {
  const args = (options.valuesFiles ?? []).flatMap((f) => [
    '-f',
    path.join(options.chart ?? CHART_DIR, f),
  ]);
  if (options.values !== undefined) {
    const file = path.join(tempDir('helm-values'), 'values.yaml');
    writeFileSync(file, stringify(options.values));
    args.push('-f', file);
  }
  return args;
}

/** `helm template`; the result, with stderr, whether it succeeded or not. */
export function helmTemplate(options: RenderOptions = {}): RunResult {
  return helm([
    'template',
    options.release ?? 'rel',
    options.chart ?? CHART_DIR,
    '--namespace',
    options.namespace ?? 'shop-sync',
    ...valueArgs(options),
  ]);
}

// helm is the slow part; the same options render the same objects, so each is rendered once.
const rendered = new Map<string, K8sObject[]>();

/** The rendered objects (a fresh copy each call, so tests may change them). */
export function render(options: RenderOptions = {}): K8sObject[] {
  const key = JSON.stringify(options);
  const cached = rendered.get(key) ?? renderUncached(options);
  rendered.set(key, cached);
  return structuredClone(cached);
}

function renderUncached(options: RenderOptions): K8sObject[] {
  const r = helmTemplate(options);
  if (r.code !== 0) throw new Error(`helm template failed:\n${r.stderr}`);
  return parseAllDocuments(r.stdout)
    .map((d) => d.toJS() as unknown)
    .filter((o): o is K8sObject => typeof o === 'object' && o !== null);
}

export function helmLint(options: RenderOptions = {}): RunResult {
  return helm(['lint', '--strict', CHART_DIR, ...valueArgs(options)]);
}

/** NOTES.txt as `helm install` prints it; a client-side dry run needs no cluster. */
export function renderNotes(options: RenderOptions = {}): string {
  const r = helm([
    'install',
    options.release ?? 'rel',
    CHART_DIR,
    '--dry-run=client',
    '--namespace',
    options.namespace ?? 'shop-sync',
    ...valueArgs(options),
  ]);
  if (r.code !== 0) throw new Error(`helm install --dry-run failed:\n${r.stderr}`);
  const at = r.stdout.indexOf('NOTES:\n');
  if (at < 0) throw new Error('no NOTES in helm install output');
  return r.stdout.slice(at + 'NOTES:\n'.length);
}

export function ofKind(objects: readonly K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}

/**
 * The pod spec of a store's sync-orders CronJob: what the pods an operator or `helm test` starts
 * must be configured like. Spec is the caller's view of the fields it compares.
 */
export function cronPod<Spec>(objects: readonly K8sObject[], store: string): Spec {
  const cron = ofKind(objects, 'CronJob').find(
    (c) =>
      c.metadata.labels?.['integration-service/store'] === store &&
      c.metadata.labels['app.kubernetes.io/component'] === 'sync-orders',
  );
  if (!cron) throw new Error(`no CronJob for ${store}`);
  return (cron['spec'] as { jobTemplate: { spec: { template: { spec: Spec } } } }).jobTemplate.spec
    .template.spec;
}

/** The CI value variants shipped with the chart (every ci/*-values.yaml, so new ones are covered). */
export const CI_VALUES: readonly string[] = readdirSync(path.join(CHART_DIR, 'ci'))
  .filter((f) => f.endsWith('-values.yaml'))
  .sort()
  .map((f) => `ci/${f}`);

/** The shell function line NOTES prints for a store (`<release>-<store>() { kubectl run ... }`). */
export function opsFunction(notes: string, fn: string): string {
  const line = notes.split('\n').find((l) => l.trim().startsWith(`${fn}() { kubectl run `));
  if (!line) throw new Error(`no ${fn}() in NOTES:\n${notes}`);
  return line.trim();
}
