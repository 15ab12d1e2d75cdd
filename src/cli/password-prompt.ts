/**
 * psql's password prompt (its simple_prompt without echo): the prompt written to the terminal (/dev/tty) and a line
 * read from it with the echo off, then a newline; with no terminal to open, the prompt on stderr and a line of stdin
 * (the rest of stdin left for what reads it next).
 */
import { openSync, writeSync } from 'node:fs'
import tty from 'node:tty'

export async function promptPassword(prompt: string, scriptLine?: () => string): Promise<string> {
  let fd: number
  try {
    fd = openSync('/dev/tty', 'r+')
  } catch {
    process.stderr.write(prompt)
    // stdin's next line: the script's first, when the script was read from stdin already (psql reads it after connecting)
    const line = scriptLine ? scriptLine() : await stdinLine()
    process.stderr.write('\n')
    return line
  }
  writeSync(fd, prompt)
  return terminalLine(fd)
}

/**
 * A line typed on the terminal, not shown, then the newline it did not show: the terminal in raw mode, so the line
 * editing the terminal did is done here (erase, kill the line); Ctrl-C interrupts as it would, Ctrl-D ends the input.
 */
function terminalLine(fd: number): Promise<string> {
  const input = new tty.ReadStream(fd)
  input.setRawMode(true)
  return new Promise(resolve => {
    let line = ''
    const done = (interrupted = false) => {
      input.off('data', onData)
      input.setRawMode(false)
      if (!interrupted) writeSync(fd, '\n')
      input.destroy() // and the terminal's descriptor with it
      if (interrupted) process.kill(process.pid, 'SIGINT')
      resolve(line)
    }
    const onData = (chunk: Buffer) => {
      for (const c of chunk.toString('utf8')) {
        if (c === '\r' || c === '\n' || c === '\x04') return done()
        if (c === '\x03') return done(true)
        if (c === '\x7f' || c === '\b') line = line.slice(0, -1)
        else if (c === '\x15') line = ''
        else line += c
      }
    }
    input.on('data', onData)
  })
}

/** One line of stdin (without its newline; empty at its end); what was read past it goes back for the next reader. */
function stdinLine(): Promise<string> {
  const stdin = process.stdin
  if (stdin.readableEnded) return Promise.resolve('')
  return new Promise(resolve => {
    let read = Buffer.alloc(0)
    const finish = (line: Buffer, rest: Buffer) => {
      stdin.off('readable', onReadable)
      stdin.off('end', onEnd)
      if (rest.length > 0) stdin.unshift(rest)
      resolve(line.toString('utf8'))
    }
    const onReadable = () => {
      let chunk: Buffer | null
      while ((chunk = stdin.read() as Buffer | null) !== null) {
        read = Buffer.concat([read, chunk])
        const nl = read.indexOf(0x0a)
        if (nl >= 0) return finish(read.subarray(0, nl), read.subarray(nl + 1))
      }
    }
    const onEnd = () => finish(read, Buffer.alloc(0))
    stdin.on('readable', onReadable)
    stdin.on('end', onEnd)
  })
}
