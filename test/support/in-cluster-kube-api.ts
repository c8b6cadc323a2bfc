import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Test } from 'uvu';
import { SERVICE_ACCOUNT_DIR } from '../../src/adapters/lock/kube-coordination-api.js';
import { startKubeApiServer, type KubeApiServer } from '../../simulators/kube/kube-api-server.js';
import { usePerFile } from './per-file.js';

export interface InClusterKubeApi {
  /** The fake kube-apiserver, on https with a self-signed CA. */
  readonly server: KubeApiServer;
  /** Where the service-account files are: pass it as the coordination API's `prefix`. */
  readonly prefix: string;
}

const SERVICE_ENV = ['KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT'] as const;

/**
 * Runs `body` as if in a pod that mounts a service account: a fake kube-apiserver on https, the
 * token and CA (and, when given, namespace) files under a temporary prefix, and
 * KUBERNETES_SERVICE_HOST/PORT pointing at the server. Afterwards the environment is put back,
 * the files removed and the server closed, however `body` ends, so later tests in the same
 * process see no pod.
 */
export async function withInClusterKubeApi<T>(
  account: { readonly token: string; readonly namespace?: string },
  body: (api: InClusterKubeApi) => Promise<T>,
): Promise<T> {
  const server = await startKubeApiServer({ token: account.token, tls: true });
  const prefix = mkdtempSync(path.join(os.tmpdir(), 'sa-'));
  const saved = SERVICE_ENV.map((name) => [name, process.env[name]] as const);
  try {
    writeServiceAccount(prefix, account, server);
    process.env['KUBERNETES_SERVICE_HOST'] = '127.0.0.1';
    process.env['KUBERNETES_SERVICE_PORT'] = String(server.port);
    return await body({ server, prefix });
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(prefix, { recursive: true, force: true });
    await server.close();
  }
}

/** The files a pod's mounted service account holds: token, the server's CA, namespace if given. */
function writeServiceAccount(
  prefix: string,
  account: { readonly token: string; readonly namespace?: string },
  server: KubeApiServer,
): void {
  const dir = path.join(prefix, SERVICE_ACCOUNT_DIR);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'token'), account.token);
  writeFileSync(path.join(dir, 'ca.crt'), server.caPem ?? '');
  if (account.namespace !== undefined)
    writeFileSync(path.join(dir, 'namespace'), account.namespace);
}

export interface PodAccount {
  readonly token: string;
  readonly namespace: string;
  readonly podName: string;
  /** Start of the temporary directory's name, to tell the files apart in os.tmpdir(). */
  readonly tmpPrefix: string;
  /** More environment for the children, read once `before` runs (after the hooks before it). */
  readonly extraEnv?: () => Record<string, string>;
}

/**
 * A pod that mounts a service account, for the CLI children of a whole test file: the
 * service-account files under a temporary prefix (removed in `after`), and the environment that
 * points a child at them and at `kube` (KUBERNETES_SERVICE_*, KUBE_SERVICE_ACCOUNT_PREFIX,
 * POD_NAME). Unlike withInClusterKubeApi this process's environment is left alone: only the
 * children run in the pod. `kube` must be registered first (usePerFile runs the starts in
 * order): its CA goes into the files.
 */
export function usePodEnv<C>(
  test: Test<C>,
  kube: KubeApiServer,
  pod: PodAccount,
): Readonly<Record<string, string>> {
  let prefix: string | undefined;
  return usePerFile(
    test,
    async () => {
      prefix = mkdtempSync(path.join(os.tmpdir(), pod.tmpPrefix));
      writeServiceAccount(prefix, pod, kube);
      return {
        KUBERNETES_SERVICE_HOST: '127.0.0.1',
        KUBERNETES_SERVICE_PORT: String(kube.port),
        KUBE_SERVICE_ACCOUNT_PREFIX: prefix,
        POD_NAME: pod.podName,
        ...pod.extraEnv?.(),
      };
    },
    async () => {
      if (prefix) rmSync(prefix, { recursive: true, force: true });
    },
  );
}
