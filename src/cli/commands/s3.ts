import { once } from 'node:events'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, readdir, stat } from 'node:fs/promises'
import { basename, dirname, join, relative, resolve, sep } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { RegisterCommand } from './index.ts'
import { openObjectStore, parseS3Uri, ObjectStoreError, type ObjectStore } from '../../objects/index.ts'
import { findProjectDir, loadProject } from '../../project/index.ts'
import { action, EXIT, terminal, type Terminal } from '../ui.ts'

/** The project's object store when there is a project here, else the local folder under `./.rsqlflow/objects`. */
async function store(): Promise<ObjectStore> {
  if (findProjectDir(process.cwd())) {
    const project = await loadProject()
    return openObjectStore(project.config.objectStore, project.dir, { account: project.config.accountId, region: project.config.region })
  }
  return openObjectStore(undefined, process.cwd())
}

const isS3 = (p: string) => p.startsWith('s3://')
const stamp = (d: Date | undefined) => (d ? d.toISOString().replace('T', ' ').slice(0, 19) : ''.padEnd(19))
const display = (p: string) => (isS3(p) ? p : relative(process.cwd(), p).startsWith('..') ? p : `./${relative(process.cwd(), p).split(sep).join('/')}`)

async function localFiles(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...await localFiles(p))
    else if (e.isFile()) out.push(p)
  }
  return out.sort()
}

async function copyOne(objects: ObjectStore, from: string, to: string, term: Terminal): Promise<void> {
  if (isS3(from) && isS3(to)) {
    await objects.put(to, await objects.get(from))
    term.out(`copy: ${from} to ${to}\n`)
  } else if (isS3(from)) {
    await mkdir(dirname(to), { recursive: true })
    await pipeline(await objects.get(from), createWriteStream(to))
    term.out(`download: ${from} to ${display(to)}\n`)
  } else {
    await objects.put(to, createReadStream(from))
    term.out(`upload: ${display(from)} to ${to}\n`)
  }
}

/** A local source that is missing (or a folder without --recursive) is the user's mistake, said before anything is copied. */
async function checkLocalSource(path: string, recursive: boolean): Promise<void> {
  const st = await stat(path).catch(() => undefined)
  if (!st) throw new ObjectStoreError('InvalidArgument', `the user-provided path ${path} does not exist`)
  if (recursive && !st.isDirectory()) throw new ObjectStoreError('InvalidArgument', `${path} is not a folder (--recursive copies a folder)`)
  if (!recursive && !st.isFile()) throw new ObjectStoreError('InvalidArgument', `${path} is ${st.isDirectory() ? 'a folder (use --recursive)' : 'not a file'}`)
}

/** `-` in `cp`: stdin as the source or stdout as the destination, as aws s3 cp; nothing else is printed. */
const STREAM = '-'

async function copyStream(source: string, destination: string, recursive: boolean): Promise<void> {
  if (recursive) throw new ObjectStoreError('InvalidArgument', 'streaming (-) works only without --recursive')
  const objects = await store()
  if (destination === STREAM) {
    for await (const chunk of await objects.get(source)) {
      if (!process.stdout.write(chunk)) await once(process.stdout, 'drain')
    }
    return
  }
  const { key } = parseS3Uri(destination)
  if (key === '' || key.endsWith('/')) throw new ObjectStoreError('InvalidArgument', `streaming from stdin needs the object's key, not a prefix: ${destination}`)
  await objects.put(destination, process.stdin)
}

const joinKey = (base: string, rest: string) => (base.endsWith('/') || base === '' ? base + rest : `${base}/${rest}`)

/** `rsqlflow s3 cp|ls|rm|mb`, shaped like `aws s3`. */
export const registerS3: RegisterCommand = (program, setExit) => {
  const s3 = program.command('s3').description("object store commands shaped like 'aws s3' (the project's objectStore, or ./.rsqlflow/objects)")

  s3.command('mb').argument('<uri>', 's3://bucket').description('make a bucket')
    .action(action(setExit, async (uri: string) => {
      const { bucket } = parseS3Uri(uri)
      await (await store()).createBucket(bucket)
      terminal().out(`make_bucket: ${bucket}\n`)
    }))

  s3.command('ls').argument('[uri]', 's3://bucket[/prefix]').option('--recursive', 'list every key under the prefix')
    .description('list buckets, or the objects and common prefixes under a prefix')
    .action(action(setExit, async (uri: string | undefined, opts: { recursive?: boolean }) => {
      const term = terminal()
      const objects = await store()
      if (!uri) {
        for (const b of await objects.listBuckets()) term.out(`${stamp(b.creationDate)} ${b.name}\n`)
        return
      }
      const { bucket, key } = parseS3Uri(uri)
      const seen = new Set<string>()
      let any = false
      for await (const o of objects.list(bucket, key)) {
        any = true
        const rest = o.key.slice(key.lastIndexOf('/') + 1)
        const slash = rest.indexOf('/')
        if (!opts.recursive && slash >= 0) {
          const pre = rest.slice(0, slash + 1)
          if (!seen.has(pre)) { seen.add(pre); term.out(`${''.padStart(30)} PRE ${pre}\n`) }
          continue
        }
        term.out(`${stamp(o.lastModified)} ${String(o.size).padStart(10)} ${opts.recursive ? o.key : rest}\n`)
      }
      // as aws s3 ls: a prefix that matches nothing exits 1; an empty bucket listed without one is no failure
      if (!any && key !== '') return EXIT.FAILED
    }))

  s3.command('cp').argument('<source>').argument('<destination>').option('--recursive', 'copy every file or key under the source')
    .description('copy between local paths and s3:// URIs')
    .action(action(setExit, async (source: string, destination: string, opts: { recursive?: boolean }) => {
      const term = terminal()
      if (!isS3(source) && !isS3(destination)) throw new ObjectStoreError('InvalidArgument', 'cp needs at least one s3:// URI')
      if (source === STREAM || destination === STREAM) return copyStream(source, destination, !!opts.recursive)
      if (!isS3(source)) await checkLocalSource(source, !!opts.recursive)
      const objects = await store()
      if (!opts.recursive) {
        let to = destination
        const name = isS3(source) ? basename(parseS3Uri(source).key) : basename(source)
        if (isS3(to)) { if (to.endsWith('/') || parseS3Uri(to).key === '') to = joinKey(to, name) }
        else {
          to = resolve(to)
          if (destination.endsWith('/') || (await stat(to).catch(() => undefined))?.isDirectory()) to = join(to, name)
        }
        await copyOne(objects, isS3(source) ? source : resolve(source), to, term)
        return
      }
      if (isS3(source)) {
        const { bucket, key } = parseS3Uri(source)
        const prefix = key === '' || key.endsWith('/') ? key : key + '/'
        for await (const o of objects.list(bucket, prefix)) {
          const rest = o.key.slice(prefix.length)
          const to = isS3(destination) ? joinKey(destination, rest) : join(resolve(destination), ...rest.split('/'))
          await copyOne(objects, `s3://${bucket}/${o.key}`, to, term)
        }
      } else {
        const root = resolve(source)
        for (const file of await localFiles(root)) {
          await copyOne(objects, file, joinKey(destination, relative(root, file).split(sep).join('/')), term)
        }
      }
    }))

  s3.command('rm').argument('<uri>').option('--recursive', 'delete every key under the prefix')
    .description('delete an object, or every object under a prefix')
    .action(action(setExit, async (uri: string, opts: { recursive?: boolean }) => {
      const term = terminal()
      const objects = await store()
      if (!opts.recursive) {
        await objects.delete(uri)
        term.out(`delete: ${uri}\n`)
        return
      }
      const { bucket, key } = parseS3Uri(uri)
      const keys: string[] = []
      for await (const o of objects.list(bucket, key)) keys.push(o.key)
      for (const k of keys) {
        await objects.delete(`s3://${bucket}/${k}`)
        term.out(`delete: s3://${bucket}/${k}\n`)
      }
    }))
}
