/**
 * posttls-finger (Postfix's TLS probe) as a second opinion on DANE for an SMTP server on loopback.
 * It resolves names with the system resolver (res_query, trusting the AD bit), so the DNS it sees is
 * that of the namespace it runs in: pass `netns` to run it inside a network namespace whose
 * /etc/netns/<ns>/resolv.conf names a validating resolver on port 53 (dane-netns.ts builds one).
 * Works against any SMTP server: give the destination as Postfix writes it, `[mx.example.test]:25`
 * (brackets: no MX lookup; the TLSA base name is the host inside them).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * dane-valid: a TLSA record matched and the session is verified; dane-fail: usable TLSA records,
 * none matched; lookup-error: the TLSA lookup failed validation (Postfix defers the mail);
 * no-dane: no usable secure TLSA records, so Postfix fell back to opportunistic TLS;
 * no-tls: no TLS session at all (no STARTTLS, or the connection failed).
 */
export type PosttlsVerdict = 'dane-valid' | 'dane-fail' | 'lookup-error' | 'no-dane' | 'no-tls';

export interface PosttlsResult {
  verdict: PosttlsVerdict;
  output: string;
}

export function parsePosttlsFinger(output: string): PosttlsVerdict {
  if (/TLSA lookup error/.test(output)) return 'lookup-error';
  if (/no matching DANE TLSA records/.test(output)) return 'dane-fail';
  if (/Matched DANE (EE|TA)/.test(output) && /Verified TLS connection established/.test(output)) return 'dane-valid';
  if (/(Untrusted|Trusted|Verified|Anonymous) TLS connection established/.test(output)) return 'no-dane';
  return 'no-tls';
}

export async function posttlsFinger(destination: string, options: { netns?: string; caFile?: string; timeoutS?: number } = {}): Promise<PosttlsResult> {
  const args = [
    `-t${options.timeoutS ?? 30}`,
    '-c',
    '-l',
    'dane',
    '-o',
    'smtp_dns_support_level=dnssec',
    ...(options.caFile ? ['-F', options.caFile] : []),
    destination,
  ];
  const [file, argv] = options.netns ? ['ip', ['netns', 'exec', options.netns, 'posttls-finger', ...args]] : ['posttls-finger', args];
  const { stdout, stderr } = await run(file, argv, { timeout: ((options.timeoutS ?? 30) + 10) * 1000 }).catch((e: { stdout?: string; stderr?: string }) => ({
    stdout: e.stdout ?? '',
    stderr: e.stderr ?? '',
  }));
  const output = `${stdout}\n${stderr}`;
  return { verdict: parsePosttlsFinger(output), output };
}

/** Whether posttls-finger and `ip netns` can run here (root, Postfix installed). */
export async function posttlsFingerAvailable(): Promise<boolean> {
  try {
    await run('bash', ['-c', 'command -v posttls-finger && command -v ip && [ "$(id -u)" = 0 ]']);
    return true;
  } catch {
    return false;
  }
}
