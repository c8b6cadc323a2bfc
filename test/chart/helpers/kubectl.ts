import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { childOutput, type ChildOutput } from '../../support/child-output.js';
import { ROOT, tempDir, tool } from './tools.js';

/**
 * Just enough of an API server for `kubectl run --dry-run=client`: kubectl asks discovery which
 * resource a Pod is before it builds one, and sends nothing else.
 */
export async function startDiscovery(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const body =
      path === '/api'
        ? { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] }
        : path === '/apis'
          ? { kind: 'APIGroupList', apiVersion: 'v1', groups: [] }
          : path === '/api/v1'
            ? {
                kind: 'APIResourceList',
                groupVersion: 'v1',
                resources: [
                  {
                    name: 'pods',
                    singularName: 'pod',
                    namespaced: true,
                    kind: 'Pod',
                    verbs: ['create'],
                  },
                ],
              }
            : null;
    res.statusCode = body ? 200 : 404;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body ?? { kind: 'Status', status: 'Failure', code: 404 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Runs shell text from NOTES.txt in bash, as an operator pastes it, with `kubectl` standing for
 * the real kubectl in client dry-run against `server`: the attach flags (--rm, -i, --quiet) give
 * way to `--dry-run=client -o json`, so what kubectl would create is printed instead of created.
 */
export function runAsOperator(script: string, server: string): Promise<ChildOutput> {
  const wrapper = [
    'kubectl() {',
    '  local first=$1; shift; local kept=()',
    '  for a in "$@"; do case "$a" in --rm|-i|--quiet) ;; *) kept+=("$a") ;; esac; done',
    '  "$KUBECTL" --server="$KUBE_SERVER" "$first" --dry-run=client -o json "${kept[@]}"',
    '}',
    script,
  ].join('\n');
  const child = spawn('bash', ['-c', wrapper], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'],
      HOME: tempDir('kubectl-home'),
      KUBECTL: tool('kubectl'),
      KUBE_SERVER: server,
      KUBECONFIG: '/dev/null',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return childOutput(child);
}
