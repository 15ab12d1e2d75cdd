import { existsSync, readFileSync } from 'node:fs'
import type { ConnectionOptions } from 'node:tls'

/**
 * libpq's sslmode values. `prefer` (libpq's default) asks for TLS and goes on plain when the server has none
 * (on the same connection), when the handshake fails or when the server rejects the encrypted connection (on a
 * new one); `allow` connects plain and tries TLS when the server rejects that (pg_hba.conf's hostssl). rsql
 * sends SSLRequest and does the handshake itself (pg-connect.ts, ssl-request.ts): node-postgres cannot go on
 * plain after asking. Both encrypt as `require` does.
 */
export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full'

const MODES: Record<string, SslMode> = { disable: 'disable', allow: 'allow', prefer: 'prefer', require: 'require', 'verify-ca': 'verify-ca', 'verify-full': 'verify-full' }

/** An sslmode as libpq spells it (any case); libpq's message for anything else. */
export function parseSslMode(value: string): SslMode {
  const mode = MODES[value.toLowerCase()]
  if (!mode) throw new Error(`invalid sslmode value: "${value}"`)
  return mode
}

/**
 * The TLS options of a connection, as libpq's modes mean them: `require` (and `allow` and `prefer` when they
 * encrypt) encrypts without checking the certificate (unless a `rootCert` file exists), `verify-ca` checks
 * that a trusted authority signed it, `verify-full` also that it names the host. `rootCert` (libpq's
 * sslrootcert: a PEM file) replaces the authorities Node.js trusts by default.
 */
export function tlsOptions(mode: SslMode, rootCert?: string): false | ConnectionOptions {
  if (mode === 'disable') return false
  if (mode === 'require' || mode === 'allow' || mode === 'prefer') {
    // as libpq, for compatibility with its old versions: given a root certificate file that exists, require checks
    // the authority as verify-ca does (and a failed check is a failed handshake: prefer then goes on plain)
    if (rootCert === undefined || !existsSync(rootCert)) return { rejectUnauthorized: false }
    mode = 'verify-ca'
  }
  const ca = rootCert === undefined ? undefined : readRootCert(rootCert)
  return mode === 'verify-ca' ? { rejectUnauthorized: true, ca, checkServerIdentity: () => undefined } : { rejectUnauthorized: true, ca }
}

function readRootCert(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (e) {
    throw new Error(`could not read root certificate file "${path}": ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (e as Error).message}`)
  }
}
