import { existsSync, readFileSync } from 'node:fs'
import type { ConnectionOptions } from 'node:tls'

/**
 * libpq's sslmode values that decide something here. `allow` and `prefer` (try TLS, fall back to plain) are not
 * offered by the driver: they connect plain, as `disable`.
 */
export type SslMode = 'disable' | 'require' | 'verify-ca' | 'verify-full'

const MODES: Record<string, SslMode> = { disable: 'disable', allow: 'disable', prefer: 'disable', require: 'require', 'verify-ca': 'verify-ca', 'verify-full': 'verify-full' }

/** An sslmode as libpq spells it (any case); libpq's message for anything else. */
export function parseSslMode(value: string): SslMode {
  const mode = MODES[value.toLowerCase()]
  if (!mode) throw new Error(`invalid sslmode value: "${value}"`)
  return mode
}

/**
 * The TLS options of a connection, as libpq's modes mean them: `require` encrypts without checking the
 * certificate (unless a `rootCert` file exists), `verify-ca` checks that a trusted authority signed it,
 * `verify-full` also that it names the host. `rootCert` (libpq's sslrootcert: a PEM file) replaces the
 * authorities Node.js trusts by default.
 */
export function tlsOptions(mode: SslMode, rootCert?: string): false | ConnectionOptions {
  if (mode === 'disable') return false
  if (mode === 'require') {
    // as libpq, for compatibility with its old versions: given a root certificate file that exists, require checks
    // the authority as verify-ca does
    if (rootCert === undefined || !existsSync(rootCert)) return { rejectUnauthorized: false }
    return { rejectUnauthorized: true, ca: readRootCert(rootCert), checkServerIdentity: () => undefined }
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
