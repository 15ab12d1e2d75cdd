#!/usr/bin/env node
import { load } from './launch.js'

const { main } = await load('cli/rsqlflow')
process.exitCode = await main(process.argv.slice(2))
