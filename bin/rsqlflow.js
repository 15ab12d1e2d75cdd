#!/usr/bin/env node
import { exitQuietlyOnBrokenPipe, load } from './launch.js'

exitQuietlyOnBrokenPipe()

const { main } = await load('cli/rsqlflow')
process.exitCode = await main(process.argv.slice(2))
