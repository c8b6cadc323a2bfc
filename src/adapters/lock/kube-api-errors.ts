import { UpstreamError } from '../../domain/errors.js';

const SYSTEM = 'kubernetes';
const RESOURCE = 'leases.coordination.k8s.io';

/** The HTTP status of a client-node ApiException, or null (network error, anything else). */
export function statusCode(error: unknown): number | null {
  if (error === null || typeof error !== 'object') return null;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : null;
}

/** The `message` of the Status object an ApiException carries, when it carries one. */
function statusMessage(error: unknown): string | null {
  const body = (error as { body?: unknown }).body;
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body.slice(0, 300) || null;
    }
  }
  if (parsed !== null && typeof parsed === 'object') {
    const message = (parsed as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return null;
}

/** A failed Kubernetes call in a few words: HTTP status and the API server's message, or the network error. */
export function describeKubeError(error: unknown): string {
  const code = statusCode(error);
  if (code !== null)
    return `HTTP ${code}${statusMessage(error) ? `: ${statusMessage(error)}` : ''}`;
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

/**
 * A Kubernetes API failure as an UpstreamError that tells the operator what to do; 403 names the
 * verb, resource and namespace the service account lacks and the RBAC rule to add.
 */
export function toUpstreamError(
  error: unknown,
  verb: 'get' | 'create' | 'update',
  namespace: string,
  leaseName: string,
): UpstreamError {
  const code = statusCode(error);
  if (code === 403) {
    const names = verb === 'create' ? '' : ` resourceNames: ["${leaseName}"],`;
    return new UpstreamError(
      SYSTEM,
      `the service account cannot ${verb} ${RESOURCE} in namespace ${namespace}: add the RBAC rule ` +
        `{ apiGroups: ["coordination.k8s.io"], resources: ["leases"],${names} verbs: ["${verb}"] } to its Role` +
        ` (API server: ${statusMessage(error) ?? 'forbidden'})`,
      {
        retryable: false,
        status: 403,
        hint: `grant ${verb} on ${RESOURCE} in namespace ${namespace}`,
        cause: error,
      },
    );
  }
  if (code === 401) {
    return new UpstreamError(
      SYSTEM,
      `the API server rejected our credentials (401) when trying to ${verb} lease ${leaseName}`,
      {
        retryable: false,
        status: 401,
        hint: 'check the service-account token is mounted (automountServiceAccountToken) and valid',
        cause: error,
      },
    );
  }
  const retryable = code === null || code === 429 || code >= 500;
  return new UpstreamError(
    SYSTEM,
    `could not ${verb} lease ${leaseName} in namespace ${namespace}: ${describeKubeError(error)}`,
    {
      retryable,
      status: code,
      cause: error,
    },
  );
}
