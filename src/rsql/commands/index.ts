/**
 * The table of meta-commands. psql's own commands are case-sensitive (`\H` is not `\h`); RSQL's
 * extensions are documented in both cases (`\EXIT`, `\exit`), so they match without case.
 */
import * as control from './control.ts'
import * as connection from './connection.ts'
import { describe, isDescribe } from './describe.ts'
import { describeFunctionsCommand, isDescribeFunctions } from './describe-functions.ts'
import { extensionsCommand, isExtensionList } from './describe-extensions.ts'
import { isPermissionsList, permissionsListCommand } from './describe-privileges.ts'
import { goto, label } from './goto.ts'
import * as io from './io.ts'
import * as output from './output.ts'
import * as query from './query.ts'
import { rset } from './rset.ts'
import { shell } from './shell.ts'
import * as variables from './variables.ts'
import type { CommandEntry, MetaCommand } from './types.ts'
import { reportError } from '../messages.ts'
import { slashCopy } from './copy.ts'
import { write } from './write.ts'
import { showDefinition } from './definition.ts'
import { watch } from './watch.ts'
import { copyright } from './copyright.ts'
import { VARIABLES_HELP } from '../variables-help.ts'

export type { CommandEntry, MetaCommand, Outcome } from './types.ts'
export { withoutQueryBuffer } from './query.ts'

// `\? variables` lists the special variables (psql's helpVariables), `\?` and any other topic the meta-commands
const help: MetaCommand = (args, ctx) => { ctx.out.write(args.next() === 'variables' ? VARIABLES_HELP : HELP) }
const unsupported = (name: string): MetaCommand => (args, ctx) => {
  args.rest()
  reportError(ctx, `\\${name} is not supported by rsql`)
  return 'error'
}

const c = (run: MetaCommand): CommandEntry => ({ run })
const ctl = (run: MetaCommand): CommandEntry => ({ run, control: true })
const pipe = (run: MetaCommand): CommandEntry => ({ run, filepipe: true })
const whole = (run: MetaCommand): CommandEntry => ({ run, wholeLine: true })

export const commands = new Map<string, CommandEntry>([
  ['if', ctl(control.if_)], ['elseif', ctl(control.elseif)], ['elif', ctl(control.elif)],
  ['else', ctl(control.else_)], ['endif', ctl(control.endif)],
  ['goto', c(goto)], ['label', ctl(label)],
  ['q', c(control.quit)], ['quit', c(control.quit)], ['exit', c(control.exit)],
  ['echo', c(output.echo)], ['qecho', c(output.qecho)], ['warn', c(output.warn)], ['remark', c(output.remark)],
  ['pset', c(output.pset_)], ['x', c(output.expanded)], ['t', c(output.tuplesOnly)], ['a', c(output.aligned)],
  ['H', c(output.html)], ['f', c(output.fieldsep)], ['C', c(output.title)], ['T', c(output.tableAttr)], ['timing', c(output.timing)],
  ['o', pipe(output.out)], ['out', pipe(output.out)],
  ['set', c(variables.set)], ['unset', c(variables.unset)], ['encoding', c(variables.encoding)], ['setenv', c(variables.setenv)], ['getenv', c(variables.getenv)], ['prompt', c(variables.prompt)],
  ['rset', c(rset)],
  ['i', c(io.i)], ['include', c(io.i)], ['ir', c(io.ir)], ['include_relative', c(io.ir)], ['run', c(io.run)],
  ['export', c(io.export_)], ['cd', c(io.cd)],
  ['g', pipe(query.g)], ['gx', pipe(query.gx)], ['gset', c(query.gset)], ['gexec', c(query.gexec)], ['r', c(query.reset)], ['reset', c(query.reset)],
  ['crosstabview', c(query.crosstabview)], ['gdesc', c(query.gdesc)],
  ['copy', { run: slashCopy, wholeLine: true }], ['p', c(query.print)], ['print', c(query.print)], ['errverbose', c(query.errverbose)],
  ['w', pipe(write('w'))], ['write', pipe(write('write'))],
  ['sf', whole(showDefinition('function', false))], ['sf+', whole(showDefinition('function', true))],
  ['sv', whole(showDefinition('view', false))], ['sv+', whole(showDefinition('view', true))], ['watch', c(watch)],
  ['c', c(connection.connect)], ['connect', c(connection.connect)], ['logon', c(connection.logon)],
  ['logoff', c(connection.logoff)], ['conninfo', c(connection.conninfo)],
  ['!', { run: shell, wholeLine: true }], ['os', { run: shell, wholeLine: true }],
  ['?', c(help)], ['copyright', c(copyright)],
])

/** psql commands rsql knows by name but does not run (describe commands and the like). */
export const UNSUPPORTED = ['d', 'dt', 'dv', 'dn', 'du', 'de', 'dm', 'dC', 'dd', 'dL', 'l', 'list', 'e', 'edit', 'ef', 'ev', 'h', 'help', 's', 'password', 'lo_import', 'lo_export', 'lo_list', 'lo_unlink']

/** RSQL's extension commands: matched without regard to case. */
const RSQL = new Set(['if', 'elseif', 'else', 'endif', 'goto', 'label', 'exit', 'export', 'logon', 'logoff', 'remark', 'rset', 'run', 'os', 'quit'])

/** Finds a command by the name written after the backslash (`dS+` describes are `d…`). */
export function findCommand(name: string): CommandEntry | undefined {
  const direct = commands.get(name)
  if (direct) return direct
  const lower = name.toLowerCase()
  if (RSQL.has(lower)) return commands.get(lower)
  const base = name.replace(/[S+]+$/, '')
  if (isDescribe(name)) return { run: describe(name) }
  // psql 15 reads `\df`'s letters itself (`\dfx` is no command), and any `\dp…`, `\dx…` as `\dp`, `\dx`
  if (name.startsWith('df')) return isDescribeFunctions(name) ? { run: describeFunctionsCommand(name) } : undefined
  if (isPermissionsList(name)) return { run: permissionsListCommand }
  if (isExtensionList(name)) return { run: extensionsCommand(name) }
  // the letters after `\d` that psql 15's exec_command_d takes (`\dZ` is an invalid command there)
  if (UNSUPPORTED.includes(base) || /^d([AabcCdDefFgilLmnoOpPrRstTuvxXyE][a-zA-Z]*)?$/.test(base)) return { run: unsupported(name), wholeLine: true }
  return undefined
}

export const HELP = `General
  \\q, \\quit, \\exit [n]     leave rsql (with exit code n)
  \\echo, \\qecho, \\warn TEXT write text to stdout / the query output / stderr
  \\remark TEXT            write text; // breaks the line
  \\? [variables]          this list, or the special variables and settings
  \\copyright               psql's distribution terms
Conditionals and jumps
  \\if EXPR, \\elseif EXPR, \\else, \\endif   conditional block (=, <>, !=, <, >, <=, >=, AND, OR, NOT)
  \\goto LABEL, \\label LABEL               jump forward to a label
Query buffer
  \\g, \\gx [(OPTIONS)] [FILE|'|CMD']  send the buffer (expanded, with \\pset options), its rows to a file or a command
  \\gset [PREFIX]          send the buffer, its one row into variables
  \\gexec                  send the buffer, then each value of its result as a statement
  \\gdesc                  describe the buffer's result columns (name, type) without running it
  \\crosstabview [COLV [COLH [COLD [SORTCOLH]]]]  send the buffer, its result printed as a crosstab
  \\p, \\r                  print / reset the buffer
  \\w, \\write FILE|'|CMD'  write the buffer (or the statement sent last) to a file or a command's stdin
  \\errverbose             show the last error at full verbosity
  \\watch [SEC]            run the buffer every SEC seconds (2) until interrupted (Ctrl-C) or it fails
Input and output
  \\i FILE, \\ir FILE       run commands from a file (relative to the current one)
  \\run file=FILE [skip=N]  run a file, skipping its first N lines
  \\o [FILE|'|CMD']        send query results to a file or a command's stdin
  \\copy ...               COPY with the client's ends: TABLE [(COLS)] FROM 'FILE'|PROGRAM 'CMD'|STDIN|PSTDIN,
                          TABLE|(QUERY) TO 'FILE'|PROGRAM 'CMD'|STDOUT|PSTDOUT
  \\encoding [ENCODING]    show or set the client encoding
  \\export report file=FILE, \\export reset   export SELECT results to a file
  \\!, \\os [COMMAND]       run a shell command
  \\cd [DIR]                change the working folder
Formatting
  \\pset [NAME [VALUE]], \\a, \\t, \\x, \\H, \\f, \\C, \\T, \\timing
  \\rset rformat|width|heading|rtitle|titledashes|errorlevel|maxerror ...
Variables
  \\set [NAME [VALUE]], \\unset NAME, \\setenv NAME [VALUE], \\getenv VAR ENVVAR
  \\prompt [TEXT] NAME      read a line of stdin into a variable (in a script file)
Informational
  \\d[S+], \\dt, \\dv, \\dm, \\di, \\ds [S+] [PATTERN]   list relations
  \\d[S+] PATTERN         describe each matching table, view, index or sequence
  \\dn[S+], \\du[S+], \\dg[S+], \\l[+] [PATTERN]  list schemas, roles, databases
  \\df[anptwS+] [PATTERN [ARGTYPE...]]  list functions (aggregates, normal, procedures, trigger, window)
  \\dp, \\z [PATTERN]       list access privileges of tables, views and sequences
  \\dx[+] [PATTERN]        list extensions (+: their objects)
  \\sf[+] FUNCTION, \\sv[+] VIEW  show a function's / a view's definition (+: with line numbers)
Connection
  \\c, \\connect [DB [USER [HOST [PORT]]]] | conninfo, \\logon DB USER HOST PORT [PASSWORD], \\logoff, \\conninfo
`
