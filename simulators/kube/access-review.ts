import { GROUP, type Answer } from './kube-status.js';

/**
 * SelfSubjectAccessReview (authorization.k8s.io/v1): answers whether the caller may do
 * `spec.resourceAttributes` and stores nothing. The real server answers 201 with the review
 * and its `status` (`allowed`, and `denied`/`reason` when refused). Here leases in our group
 * are allowed unless `deny(verb)` was called; anything else is not (this fake grants nothing
 * else). A spec without resourceAttributes is 422 like the real validation.
 */
export function accessReview(body: unknown, denied: ReadonlySet<string>, user: string): Answer {
  const spec = (body as { spec?: { resourceAttributes?: Record<string, unknown> } } | null)?.spec;
  const attrs = spec?.resourceAttributes;
  if (!attrs)
    return {
      status: 422,
      reason: 'Invalid',
      message:
        'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
    };
  const verb = typeof attrs['verb'] === 'string' ? attrs['verb'] : '';
  const ours = attrs['group'] === GROUP && attrs['resource'] === 'leases';
  const allowed = ours && !denied.has(verb);
  return {
    status: 201,
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: { creationTimestamp: null },
      spec,
      status: allowed
        ? { allowed: true, reason: `RBAC: allowed by RoleBinding for User "${user}"` }
        : { allowed: false, reason: '' },
    },
  };
}
