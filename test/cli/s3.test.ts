import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const bin = fileURLToPath(new URL('../../bin/rsqlflow.js', import.meta.url))
const cwd = mkdtempSync(join(tmpdir(), 'rsqlflow-cli-s3-'))
after(() => rmSync(cwd, { recursive: true, force: true }))
const s3 = (...args: string[]) => s3In(undefined, ...args)
const s3In = (input: string | undefined, ...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, 's3', ...args], { cwd, encoding: 'utf8', input })
  return { out: r.stdout, err: r.stderr, code: r.status }
}

test('rsqlflow s3 mb, cp (both ways, --recursive), ls, rm like aws s3, on ./.rsqlflow/objects without a project', () => {
  mkdirSync(join(cwd, 'd', 'sub'), { recursive: true })
  writeFileSync(join(cwd, 'd', 'a.txt'), 'hello\n')
  writeFileSync(join(cwd, 'd', 'sub', 'b.txt'), 'b\n')
  assert.equal(s3('mb', 's3://etl-data').out, 'make_bucket: etl-data\n')
  assert.equal(s3('cp', 'd/a.txt', 's3://etl-data/in/').out, 'upload: ./d/a.txt to s3://etl-data/in/a.txt\n')
  assert.equal(s3('cp', '--recursive', 'd', 's3://etl-data/tree').out,
    'upload: ./d/a.txt to s3://etl-data/tree/a.txt\nupload: ./d/sub/b.txt to s3://etl-data/tree/sub/b.txt\n')
  assert.match(s3('ls').out, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d etl-data\n$/)
  assert.equal(s3('ls', 's3://etl-data/').out.replace(/ +/g, ' '), ' PRE in/\n PRE tree/\n')
  assert.match(s3('ls', '--recursive', 's3://etl-data').out, /\s+6 in\/a\.txt\n.*\s+6 tree\/a\.txt\n.*\s+2 tree\/sub\/b\.txt\n$/s)
  assert.equal(s3('cp', 's3://etl-data/in/a.txt', 'out/').out, 'download: s3://etl-data/in/a.txt to ./out/a.txt\n')
  assert.equal(readFileSync(join(cwd, 'out', 'a.txt'), 'utf8'), 'hello\n')
  assert.equal(s3('cp', '--recursive', 's3://etl-data/tree', 'back').code, 0)
  assert.equal(readFileSync(join(cwd, 'back', 'sub', 'b.txt'), 'utf8'), 'b\n')
  assert.equal(s3('rm', '--recursive', 's3://etl-data/tree').out, 'delete: s3://etl-data/tree/a.txt\ndelete: s3://etl-data/tree/sub/b.txt\n')
  assert.equal(s3('ls', '--recursive', 's3://etl-data').out.trim().split('\n').length, 1)
})

test('rsqlflow s3 errors name the object and its S3 code, without a stack trace', () => {
  const missing = s3('cp', 's3://etl-data/nope.txt', 'x')
  assert.equal(missing.code, 2) // the user's mistake (README: exit 2), not the environment's
  assert.equal(missing.err, 'rsqlflow: error: object "s3://etl-data/nope.txt" does not exist (NoSuchKey)\n')
  const again = s3('mb', 's3://etl-data')
  assert.equal(again.code, 2) // was 3, as if the object store had failed
  assert.equal(again.err, 'rsqlflow: error: bucket "etl-data" already exists (BucketAlreadyOwnedByYou)\n')
  const escape = s3('cp', 'd/a.txt', 's3://etl-data/../x')
  assert.equal(escape.err, 'rsqlflow: error: invalid object key "s3://etl-data/../x": the key has a ".." segment (InvalidArgument)\n')
})

test('rsqlflow s3 ls exits 1 as aws s3 ls does: for a prefix that matches nothing, not for an empty bucket', () => {
  assert.equal(s3('mb', 's3://empty-bucket').code, 0)
  assert.deepEqual(s3('ls', 's3://empty-bucket'), { out: '', err: '', code: 0 })
  assert.deepEqual(s3('ls', 's3://empty-bucket/'), { out: '', err: '', code: 0 })
  assert.deepEqual(s3('ls', '--recursive', 's3://empty-bucket'), { out: '', err: '', code: 0 })
  assert.deepEqual(s3('ls', 's3://empty-bucket/nothing-here/'), { out: '', err: '', code: 1 })
})

test('rsqlflow s3 cp - streams stdin to an object and an object to stdout, as aws s3 cp, printing nothing else', () => {
  assert.equal(s3('mb', 's3://stream-bucket').code, 0)
  assert.deepEqual(s3In('line 1\nline 2\n', 'cp', '-', 's3://stream-bucket/in/piped.txt'), { out: '', err: '', code: 0 })
  assert.deepEqual(s3('cp', 's3://stream-bucket/in/piped.txt', '-'), { out: 'line 1\nline 2\n', err: '', code: 0 })
  assert.equal(existsSync(join(cwd, '-')), false) // not a file named "-"
  const prefix = s3In('x', 'cp', '-', 's3://stream-bucket/in/')
  assert.equal(prefix.code, 2)
  assert.match(prefix.err, /needs the object's key, not a prefix.*\(InvalidArgument\)/)
  const recursive = s3('cp', '--recursive', 's3://stream-bucket/in', '-')
  assert.equal(recursive.code, 2)
  assert.match(recursive.err, /only without --recursive \(InvalidArgument\)/)
})
