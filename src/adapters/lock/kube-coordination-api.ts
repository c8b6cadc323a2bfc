import { existsSync, readFileSync } from 'node:fs';
import { AuthorizationV1Api, CoordinationV1Api, KubeConfig } from '@kubernetes/client-node';

/** Where the service-account files live in a pod (client-node reads the same paths). */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * How to reach the Kubernetes API. In a pod: `{ inCluster: true }` (service-account token, CA and
 * the KUBERNETES_SERVICE_HOST/PORT variables; `prefix` is prepended to the service-account paths so
 * tests can point at a temporary directory). Elsewhere: an explicit server and bearer token.
 */
export type KubeConnection =
  | { readonly inCluster: true; readonly prefix?: string }
  | {
      readonly server: string;
      readonly token: string;
      readonly skipTLSVerify?: boolean;
      readonly caFile?: string;
    };

/** A client-node CoordinationV1Api (satisfies the lease lock's `CoordinationApi`). */
export function createKubeCoordinationApi(connection: KubeConnection): CoordinationV1Api {
  return kubeConfigFor(connection).makeApiClient(CoordinationV1Api);
}

/** For SelfSubjectAccessReviews (`doctor` asks what this service account may do). */
export function createKubeAuthorizationApi(connection: KubeConnection): AuthorizationV1Api {
  return kubeConfigFor(connection).makeApiClient(AuthorizationV1Api);
}

function kubeConfigFor(connection: KubeConnection): KubeConfig {
  const kc = new KubeConfig();
  if ('inCluster' in connection) {
    const prefix = connection.prefix ?? '';
    const tokenFile = `${prefix}${SERVICE_ACCOUNT_DIR}/token`;
    if (!existsSync(tokenFile)) {
      throw new Error(
        `no service-account token at ${tokenFile}: not running in a pod, or automountServiceAccountToken is false`,
      );
    }
    kc.loadFromCluster(prefix);
    // client-node builds the URL from KUBERNETES_SERVICE_HOST/PORT, which exist only in a pod.
    const server = kc.getCurrentCluster()?.server ?? '';
    if (server.includes('undefined')) {
      throw new Error(
        'KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT are not set: the in-cluster Kubernetes API cannot be found',
      );
    }
  } else {
    kc.loadFromOptions({
      clusters: [
        {
          name: 'cluster',
          server: connection.server,
          skipTLSVerify: connection.skipTLSVerify ?? false,
          caFile: connection.caFile,
        },
      ],
      users: [{ name: 'user', token: connection.token }],
      contexts: [{ name: 'context', cluster: 'cluster', user: 'user' }],
      currentContext: 'context',
    });
  }
  return kc;
}

/** The pod's namespace from the service-account files, or null outside a pod. */
export function readServiceAccountNamespace(prefix = ''): string | null {
  const file = `${prefix}${SERVICE_ACCOUNT_DIR}/namespace`;
  if (!existsSync(file)) return null;
  const namespace = readFileSync(file, 'utf8').trim();
  return namespace === '' ? null : namespace;
}
