import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { ofKind, render, type K8sObject } from './helpers/helm.js';
import { checkObject } from './helpers/k8s-check.js';
import { CHART_DIR, ROOT } from './helpers/tools.js';

/*
 * What the built image does is tested on the image itself (make image-test: podman build of the
 * Dockerfile, run as the chart runs it). Here only what a build cannot show: the pinned base the
 * real build would pull (make image-test substitutes a local base of the same Node version), the
 * build context, and skaffold.yaml (no skaffold or cluster here), rendered with the real helm.
 */

/** FROM lines and the NODE_IMAGE default of a Dockerfile. */
function baseOf(file: string): { nodeImage: string; froms: string[] } {
  const lines = readFileSync(path.join(ROOT, file), 'utf8').split('\n');
  return {
    nodeImage: /^ARG NODE_IMAGE=(\S+)$/m.exec(lines.join('\n'))?.[1] ?? '',
    froms: lines.filter((l) => /^FROM\s/i.test(l)),
  };
}

test('Dockerfile: every stage starts from NODE_IMAGE, pinned to a Node 24 image by digest', () => {
  const { nodeImage, froms } = baseOf('Dockerfile');
  assert.match(nodeImage, /^node:24\.\d+\.\d+-bookworm-slim@sha256:[0-9a-f]{64}$/);
  assert.ok(froms.length >= 2, 'single stage');
  for (const f of froms) assert.match(f, /^FROM \$\{NODE_IMAGE\}( AS \S+)?$/, f);
});

test('dev/simulators.Dockerfile builds on the same pinned base', () => {
  const dev = baseOf('dev/simulators.Dockerfile');
  assert.is(dev.nodeImage, baseOf('Dockerfile').nodeImage);
  for (const f of dev.froms) assert.match(f, /^FROM \$\{NODE_IMAGE\}/, f);
});

test('.dockerignore keeps local state and secrets out of the build context', () => {
  const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim());
  for (const p of ['node_modules', 'dist', '.git', '.tools', '.data', '.env'])
    assert.ok(ignored.includes(p), p);
  for (const p of ['src', 'migrations', 'package.json', 'package-lock.json', 'test'])
    assert.not.ok(ignored.includes(p), p);
});

interface Release {
  name: string;
  chartPath: string;
  wait?: boolean;
  valuesFiles?: string[];
  setValueTemplates?: Record<string, string>;
  setValues?: Record<string, string>;
}
interface Pipeline {
  build: { artifacts: { image: string; context?: string; docker?: { dockerfile?: string } }[] };
  deploy: { helm: { releases: Release[] } };
}
interface Skaffold extends Pipeline {
  apiVersion: string;
  kind: string;
  profiles: (Partial<Pipeline> & { name: string; activation?: { command?: string }[] })[];
}
const skaffold = parse(readFileSync(path.join(ROOT, 'skaffold.yaml'), 'utf8')) as Skaffold;
const devProfile = skaffold.profiles.find((p) => p.name === 'dev');

/** What skaffold substitutes for the image templates: IMAGE_REPO_x, IMAGE_TAG_x, IMAGE_FULLY_QUALIFIED_x. */
const substitute = (v: string) =>
  v
    .replace(/\{\{\.IMAGE_REPO_(\w+)\}\}/, 'localhost:5000/$1')
    .replace(/\{\{\.IMAGE_TAG_\w+\}\}/, 'dev-abc123')
    .replace(/\{\{\.IMAGE_FULLY_QUALIFIED_(\w+)\}\}/, 'localhost:5000/$1:dev-abc123@sha256:0');

/** A release's --set values as a values object (keys like "image.tag"). */
function setValues(release: Release): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries({ ...release.setValueTemplates, ...release.setValues })) {
    const keys = k.split('.');
    let at = values;
    for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
    at[keys.at(-1) ?? k] = substitute(v);
  }
  return values;
}

const images = (objects: K8sObject[]) =>
  ofKind(objects, 'CronJob').map(
    (c) =>
      (
        c['spec'] as {
          jobTemplate: { spec: { template: { spec: { containers: { image: string }[] } } } };
        }
      ).jobTemplate.spec.template.spec.containers[0]?.image,
  );

function renderRelease(release: Release, chartDir = CHART_DIR): K8sObject[] {
  return render({
    chart: chartDir,
    valuesFiles: (release.valuesFiles ?? []).map((f) =>
      path.relative(chartDir, path.resolve(ROOT, f)),
    ),
    values: setValues(release),
  });
}

test('skaffold.yaml builds the Dockerfile and deploys this chart with the built image', () => {
  assert.match(skaffold.apiVersion, /^skaffold\/v4beta\d+$/);
  assert.is(skaffold.kind, 'Config');
  const artifact = skaffold.build.artifacts[0];
  assert.ok(artifact && skaffold.build.artifacts.length === 1);
  assert.is(artifact.docker?.dockerfile ?? 'Dockerfile', 'Dockerfile');
  const release = skaffold.deploy.helm.releases[0];
  assert.ok(release && skaffold.deploy.helm.releases.length === 1);
  assert.is(path.resolve(ROOT, release.chartPath), CHART_DIR);
  // Skaffold exposes an artifact as IMAGE_REPO_<name with non-alphanumerics as _>.
  const key = artifact.image.replace(/[^a-zA-Z0-9]/g, '_');
  assert.equal(release.setValueTemplates, {
    'image.repository': `{{.IMAGE_REPO_${key}}}`,
    'image.tag': `{{.IMAGE_TAG_${key}}}`,
  });
  for (const image of images(renderRelease(release)))
    assert.is(image, 'localhost:5000/integration_service:dev-abc123');
});

test('skaffold dev: the dev profile builds both images and deploys PostgreSQL and the simulators first', () => {
  assert.ok(devProfile, 'a dev profile');
  assert.ok(
    devProfile.activation?.some((a) => a.command === 'dev'),
    'activated by skaffold dev',
  );
  const artifacts = devProfile.build?.artifacts ?? [];
  for (const a of artifacts) {
    const file = path.join(ROOT, a.context ?? '.', a.docker?.dockerfile ?? 'Dockerfile');
    assert.ok(readFileSync(file, 'utf8').includes('FROM'), file);
  }
  const [deps, app] = devProfile.deploy?.helm.releases ?? [];
  assert.ok(deps && app, 'two releases');
  assert.is(deps.wait, true, "helm --wait: PostgreSQL is ready before the chart's migration hook");
  assert.is(path.resolve(ROOT, app.chartPath), CHART_DIR);
  // Every artifact the profile builds is used by a release.
  const templates = JSON.stringify([deps.setValueTemplates, app.setValueTemplates]);
  for (const a of artifacts)
    assert.ok(templates.includes(a.image.replace(/[^a-zA-Z0-9]/g, '_')), a.image);
});

test('skaffold dev: the chart is wired to the Services of the dev dependencies, which are valid objects', () => {
  const [deps, app] = devProfile?.deploy?.helm.releases ?? [];
  assert.ok(deps && app);
  const depsDir = path.resolve(ROOT, deps.chartPath);
  const depObjects = renderRelease(deps, depsDir);
  for (const o of depObjects) assert.equal(checkObject(o), [], `${o.kind}/${o.metadata.name}`);
  const services = new Map(
    ofKind(depObjects, 'Service').map((svc) => [
      svc.metadata.name,
      ((svc['spec'] as { ports: { port: number }[] }).ports ?? []).map((p) => p.port),
    ]),
  );
  const reachable = (url: string) => {
    const u = new URL(url);
    assert.ok(services.get(u.hostname)?.includes(Number(u.port)), `${url}: no such Service port`);
  };
  const objects = renderRelease(app);
  const config = ofKind(objects, 'ConfigMap').find((c) => !c.metadata.name.endsWith('-dashboard'));
  const data = config?.['data'] as Record<string, string>;
  reachable(data['APIX_BASE_URL'] ?? '');
  const secret = ofKind(objects, 'Secret').find((s) => !s.metadata.annotations?.['helm.sh/hook']);
  const databaseUrl = Buffer.from(
    (secret?.['data'] as Record<string, string>)['database-url'] ?? '',
    'base64',
  ).toString();
  reachable(databaseUrl);
  // The credentials are the ones the throwaway PostgreSQL is started with.
  const postgres = ofKind(depObjects, 'Deployment').find((d) =>
    d.metadata.name.includes('postgres'),
  );
  const pgEnv = Object.fromEntries(
    (
      postgres?.['spec'] as {
        template: { spec: { containers: { env: { name: string; value: string }[] }[] } };
      }
    ).template.spec.containers[0]?.env.map((e) => [e.name, e.value]) ?? [],
  );
  const u = new URL(databaseUrl);
  assert.equal(
    [u.username, u.password, u.pathname.slice(1)],
    [pgEnv['POSTGRES_USER'], pgEnv['POSTGRES_PASSWORD'], pgEnv['POSTGRES_DB']],
  );
  const cron = ofKind(objects, 'CronJob')[0];
  const env = (
    cron?.['spec'] as {
      jobTemplate: {
        spec: { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } };
      };
    }
  ).jobTemplate.spec.template.spec.containers[0]?.env;
  reachable(env?.find((e) => e.name === 'SHOPIFY_API_BASE_URL')?.value ?? '');
  // The Shopify simulator hands out upload and result URLs under its Service's name.
  const sims = ofKind(depObjects, 'Deployment').find((d) => d.metadata.name.includes('simulators'));
  const args = (
    sims?.['spec'] as { template: { spec: { containers: { args: string[]; image: string }[] } } }
  ).template.spec.containers[0];
  const publicUrl =
    args?.args.find((a) => a.startsWith('--shopify-public-url='))?.split('=')[1] ?? '';
  reachable(publicUrl);
  assert.is(args?.image, 'localhost:5000/integration_service_dev_simulators:dev-abc123@sha256:0');
  for (const image of images(objects))
    assert.is(image, 'localhost:5000/integration_service:dev-abc123');
});

test.run();
