/** The kube-apiserver's wire: JSON bodies, and every error a `Status` object. */
import type http from 'node:http';

export const GROUP = 'coordination.k8s.io';
export const RESOURCE = `leases.${GROUP}`;

export interface Failure {
  status: number;
  reason: string;
  message: string;
  details?: Record<string, unknown>;
}

/** What a request is answered with: a body, or a Failure sent as a `Status`. */
export type Answer = { status: number; body: unknown } | Failure;

export function invalid(name: string, field: string, problem: string): Failure {
  return {
    status: 422,
    reason: 'Invalid',
    message: `Lease.${GROUP} "${name}" is invalid: ${field}: ${problem}`,
    details: {
      name,
      group: GROUP,
      kind: 'Lease',
      causes: [{ reason: 'FieldValueInvalid', message: problem, field }],
    },
  };
}

export function parseBody(chunks: readonly Buffer[]): unknown {
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return null;
  }
}

export function send(res: http.ServerResponse, result: Answer): void {
  const body =
    'reason' in result
      ? {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: result.message,
          reason: result.reason,
          ...(result.details ? { details: result.details } : {}),
          code: result.status,
        }
      : result.body;
  res.writeHead(result.status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
