// The console in headless Chromium against a real server: the sample pipeline started from the console
// lights up to success, a job's log opens, a failed run is redriven after its script is fixed, and markup in
// a script's output or an execution's input shows as text.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { chromium, type Browser, type Page } from 'playwright-core'
import { consoleFixture, type ConsoleFixture } from './fixture.ts'

const CHROMIUM = '/usr/bin/chromium'
const ARTIFACTS = 'test-artifacts'
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent (apt-get install -y chromium)`
if (skip) console.log(`# skipping the console end-to-end test: ${skip}`)

let fx: ConsoleFixture
let browser: Browser
let page: Page
const dialogs: string[] = []
let etlExecution = ''
let checkExecution = ''

before(async () => {
  if (skip) return
  await mkdir(ARTIFACTS, { recursive: true })
  fx = await consoleFixture()
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  })
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
  page.on('dialog', d => { dialogs.push(d.message()); d.dismiss().catch(() => {}) })
}, { timeout: 120_000 })

after(async () => {
  await browser?.close()
  await fx?.close()
})

/**
 * Records every status each graph node and the execution badge showed, as the page changed them. (A string:
 * tsx would decorate a function's inner functions with a helper the page does not have.)
 */
const watchStatuses = (p: Page) => p.evaluate(`(() => {
  window.seen = []
  const record = () => {
    for (const n of document.querySelectorAll('[data-state]')) window.seen.push(n.getAttribute('data-state') + '=' + n.getAttribute('data-status'))
    const badge = document.querySelector('.execution .title .status')
    if (badge) window.seen.push('execution=' + badge.textContent)
  }
  record()
  new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status', 'class'] })
})()`)

async function startFromConsole(machine: string, input: string): Promise<string> {
  await page.goto(`${fx.url}/#/`)
  await page.click(`button[data-start="${machine}"]`)
  await page.fill('textarea[name="input"]', input)
  await page.click('form.start button[type="submit"]')
  await page.waitForURL(/#\/executions\/.+/)
  await page.waitForSelector('[data-testid="graph"] [data-state]')
  return decodeURIComponent(new URL(page.url()).hash.replace('#/executions/', ''))
}

const executionStatus = () => page.textContent('.execution .title .status')

test('the token opens the console once and is kept in a cookie', { skip }, async () => {
  const denied = await fetch(`${fx.url}/console/api/state-machines`)
  assert.equal(denied.status, 401)
  await page.goto(`${fx.url}/?token=${fx.token}`)
  await page.waitForSelector('button[data-start="etl"]')
  assert.ok(!page.url().includes('token='), 'the token leaves the address bar')
  const names = await page.$$eval('table.grid tbody tr td:first-child a', as => as.map(a => a.textContent))
  assert.deepEqual(names.sort(), ['check', 'etl'])
})

test('the demo pipeline started from the console lights up state by state and reaches success', { skip, timeout: 120_000 }, async () => {
  etlExecution = await startFromConsole('etl', JSON.stringify({ scaleFactor: 0.01 }))
  await watchStatuses(page)
  // an artifact only (the assertions below check the live colours): the graph while a copy job runs
  await page.waitForSelector('[data-state^="copy-"][data-status="running"]', { timeout: 20_000 })
    .then(() => page.screenshot({ path: `${ARTIFACTS}/console-running.png` }), () => {})
  await page.waitForSelector('.execution .title .status-succeeded', { timeout: 100_000 })
  await page.waitForSelector('[data-state="success"][data-status="succeeded"]')
  const statuses = Object.fromEntries(await page.$$eval('[data-state]', ns => ns.map(n => [n.getAttribute('data-state'), n.getAttribute('data-status')])))
  for (const s of ['apply-defaults', 'tpc-benchmark-demo-load', 'copy-customer', 'merge-customer', 'copy-region', 'merge-region', 'copy-nation', 'merge-nation', 'vacuum-analyze', 'notify-success', 'success']) {
    assert.equal(statuses[s], 'succeeded', `${s} is green`)
  }
  assert.equal(statuses['notify-failure'], 'not-run')
  assert.equal(statuses.fail, 'not-run')
  // the page changed colours as events arrived, without a reload
  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen)
  assert.ok(seen.includes('execution=RUNNING') && seen.includes('execution=SUCCEEDED'), 'the badge went from RUNNING to SUCCEEDED live')
  assert.ok(seen.some(s => s.endsWith('=running') && !s.startsWith('execution')), 'a state was seen running')
  // nested: the branches' states sit inside the Parallel's group
  const box = async (name: string) => (await page.$(`.react-flow__node[data-id="${name}"]`))!.boundingBox()
  const parallel = (await box('tpc-benchmark-demo-load'))!
  for (const name of ['copy-customer', 'merge-nation']) {
    const b = (await box(name))!
    assert.ok(b.x > parallel.x && b.y > parallel.y && b.x + b.width < parallel.x + parallel.width && b.y + b.height < parallel.y + parallel.height, `${name} is drawn inside the Parallel`)
  }
  const rows = await page.$$eval('table.history tbody tr.event', rs => rs.length)
  assert.ok(rows > 30, `the event history table lists the events (${rows})`)
  await page.click('[data-state="copy-customer"]')
  await page.waitForSelector('.state-details .job-link')
  assert.match((await page.textContent('.state-details .state-input'))!, /"scaleFactor": 0.01/)
  await page.screenshot({ path: `${ARTIFACTS}/console-graph.png` })
})

test("a job's page shows its attempts and log", { skip, timeout: 30_000 }, async () => {
  await page.click('.state-details .job-link')
  await page.waitForURL(/#\/jobs\//)
  await page.waitForSelector('.job .title .status-succeeded')
  await page.waitForSelector('.log .log-line')
  const attempts = await page.$$eval('table.attempts tbody tr', rs => rs.map(r => r.children[3]!.textContent))
  assert.deepEqual(attempts, ['0'], 'one attempt, exit code 0')
  const log = (await page.textContent('.log'))!
  assert.match(log, /copy/i)
  await page.screenshot({ path: `${ARTIFACTS}/console-job.png` })
})

test('a failed run is redriven from the console after its script is fixed; markup shows as text', { skip, timeout: 90_000 }, async () => {
  const markup = '<img src=x onerror=alert(1)>'
  checkExecution = await startFromConsole('check', JSON.stringify({ note: markup, html: '</pre><script>alert(2)</script>' }))
  await page.waitForSelector('.execution .title .status-failed', { timeout: 60_000 })
  await page.waitForSelector('[data-state="check"][data-status="failed"]')
  await page.click('[data-state="check"]')
  await page.waitForSelector('.state-details .state-error')
  assert.equal(await page.textContent('.state-details .state-error'), 'States.TaskFailed')
  const input = JSON.parse((await page.textContent('.state-details .state-input'))!)
  assert.equal(input.note, markup, 'the input shows as the text it is')
  const failedRow = await page.$$eval('table.history tr.event', rs => rs.map(r => [...r.children].map(c => c.textContent)).find(r => r[1] === 'TaskFailed'))
  assert.equal(failedRow?.[2], 'check', 'the history names the step each event belongs to')
  await page.screenshot({ path: `${ARTIFACTS}/console-failed.png` })

  // the executions list filters by status
  await page.goto(`${fx.url}/#/executions?status=FAILED`)
  await page.waitForSelector('table.executions tbody tr')
  const failed = await page.$$eval('table.executions tbody tr td:first-child a', as => as.map(a => a.textContent))
  assert.deepEqual(failed, [checkExecution.split(':').pop()])
  await page.goBack()

  // the job's log prints markup: it is text
  await page.waitForSelector('[data-state="check"]')
  await page.click('[data-state="check"]')
  await page.click('.state-details .job-link')
  await page.waitForSelector('.log .log-line')
  const lines = await page.$$eval('.log .log-message', ms => ms.map(m => m.textContent))
  assert.ok(lines.includes('<script>alert(1)</script>'), `the script's output is shown as text: ${JSON.stringify(lines)}`)

  await fx.fixScript()
  await fx.holdCheck()
  await page.goto(`${fx.url}/#/executions/${encodeURIComponent(checkExecution)}`)
  await page.waitForSelector('[data-state="check"][data-status="failed"]')
  await page.click('button:has-text("Redrive")')
  // the redriven state runs a new job: its link appears while it runs, and its page tails the log live
  await page.waitForSelector('[data-state="check"][data-status="running"]')
  await page.click('[data-state="check"]')
  await page.waitForSelector('.state-details .job-link:nth-of-type(2)')
  await page.click('.state-details .job-link:nth-of-type(2)')
  await page.waitForSelector('.job .title .status-running')
  await page.waitForSelector('.log .log-message:text-is("<script>alert(1)</script>")')
  assert.equal(await page.textContent('.job .title .status'), 'RUNNING', 'the first line arrived while the job runs')
  await fx.releaseCheck()
  await page.waitForSelector('.job .title .status-succeeded', { timeout: 30_000 })
  await page.waitForSelector('.log .log-message:text-is("released")')
  await page.goBack()
  await page.waitForSelector('.execution .title .status-succeeded', { timeout: 60_000 })
  await page.waitForSelector('[data-state="check"][data-status="succeeded"]')
  assert.equal(await page.textContent('dl.facts dt:has-text("Redrives") + dd'), '1')
  assert.equal(fx.app.states.describeExecution(checkExecution).status, 'SUCCEEDED')
  await page.screenshot({ path: `${ARTIFACTS}/console-redriven.png` })

  // nothing the data said became markup: the one script is the bundle, no image, no dialog
  const scripts = await page.$$eval('script', ss => ss.map(s => s.getAttribute('src')))
  assert.equal(scripts.length, 1)
  assert.match(scripts[0]!, /^\/assets\/index-[\w-]+\.js$/)
  assert.equal(await page.$$eval('img', is => is.length), 0)
  assert.deepEqual(dialogs, [])
})

test('the notifications page shows what the pipeline sent', { skip, timeout: 20_000 }, async () => {
  await page.goto(`${fx.url}/#/notifications`)
  await page.waitForSelector('.message')
  const text = (await page.textContent('.topic'))!
  assert.match(text, /tpch-etl finished successfully/)
  assert.match(text, /DELIVERED/)
  assert.ok(text.includes(etlExecution), 'the message names the execution')
  await page.screenshot({ path: `${ARTIFACTS}/console-notifications.png`, fullPage: true })
  await page.goto(`${fx.url}/#/executions`)
  await page.waitForSelector('table.executions tbody tr')
  await page.screenshot({ path: `${ARTIFACTS}/console-executions.png` })
})

test('a failing step caught by the Parallel: failed, caught and not-run states', { skip, timeout: 60_000 }, async () => {
  await startFromConsole('etl', JSON.stringify({ scaleFactor: 0.01, dataPrefix: 'missing/' }))
  await page.waitForSelector('.execution .title .status-failed', { timeout: 50_000 })
  await page.waitForSelector('[data-state="fail"][data-status="failed"]')
  const statuses = Object.fromEntries(await page.$$eval('[data-state]', ns => ns.map(n => [n.getAttribute('data-state'), n.getAttribute('data-status')])))
  assert.equal(statuses['apply-defaults'], 'succeeded')
  assert.equal(statuses['tpc-benchmark-demo-load'], 'caught')
  assert.equal(statuses['notify-failure'], 'succeeded')
  assert.equal(statuses['vacuum-analyze'], 'not-run')
  assert.ok(['copy-customer', 'copy-region'].some(s => statuses[s] === 'failed'), JSON.stringify(statuses))
  await page.click('[data-state="copy-customer"]')
  await page.waitForSelector('.state-details .job-link')
  await page.screenshot({ path: `${ARTIFACTS}/console-caught.png` })
})
