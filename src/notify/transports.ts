import { mkdir, writeFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import nodemailer, { type Transporter } from 'nodemailer'
import type { SmtpConfig } from './types.ts'

export interface Email { to: string; from: string; subject: string; text: string }
export interface HttpPost { url: string; headers: Record<string, string>; body: string }

/** How deliveries leave the process; tests use the real ones against real servers. */
export interface Transports {
  email(mail: Email): Promise<void>
  http(post: HttpPost): Promise<void>
  file(dir: string, name: string, body: string): Promise<string>
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i

export function defaultTransports(smtp: SmtpConfig | undefined, opts: { httpTimeoutMs?: number } = {}): Transports {
  let mailer: Transporter | undefined
  return {
    async email(mail) {
      if (!smtp) throw new Error('no smtp server is configured (rsqlflow.json: smtp)')
      mailer ??= nodemailer.createTransport({
        host: smtp.host, port: smtp.port, secure: smtp.secure ?? false,
        auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
        // the server's certificate is checked (the password and the mail cross the network), but on this machine's
        // own addresses, where test and development SMTP servers use self-signed certificates
        tls: { rejectUnauthorized: !LOOPBACK.test(smtp.host) },
      })
      await mailer.sendMail({ from: mail.from, to: mail.to, subject: mail.subject, text: mail.text })
    },
    async http(post) {
      const res = await fetch(post.url, { method: 'POST', headers: post.headers, body: post.body, signal: AbortSignal.timeout(opts.httpTimeoutMs ?? 15_000) })
      await res.arrayBuffer().catch(() => undefined)
      if (res.status < 200 || res.status > 299) throw new Error(`endpoint answered HTTP ${res.status}`)
    },
    async file(dir, name, body) {
      await mkdir(dir, { recursive: true })
      const path = join(dir, name)
      await writeFile(`${path}.tmp`, body)
      await rename(`${path}.tmp`, path)
      return path
    },
  }
}
