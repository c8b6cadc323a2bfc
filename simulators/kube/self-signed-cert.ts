import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A fresh self-signed certificate for 127.0.0.1 made with the openssl CLI, in a new temporary
 * folder (`certDir`, the caller removes it): its key, its PEM (also the CA a client trusts) and
 * the file holding that PEM.
 */
export function selfSignedCertificate(): {
  readonly certDir: string;
  readonly key: Buffer;
  readonly caPem: string;
  readonly caFile: string;
} {
  const certDir = mkdtempSync(path.join(os.tmpdir(), 'kube-api-cert-'));
  const keyFile = path.join(certDir, 'tls.key');
  const caFile = path.join(certDir, 'ca.crt');
  // prettier-ignore
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', caFile, '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ], { stdio: 'ignore' });
  return { certDir, key: readFileSync(keyFile), caPem: readFileSync(caFile, 'utf8'), caFile };
}
