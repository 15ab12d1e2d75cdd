/**
 * `rsql --help=variables`: psql's helpVariables in its layout (a title, then sections of names, each with its
 * usage and an indented description), listing what rsql supports: the psql variables it acts on or sets, RSQL's
 * own (ACTIVITYCOUNT, ERRORCODE, ERRORLEVEL, MAXERROR), the display settings of `\pset`, the report settings of
 * `\rset`, and the environment variables it reads.
 */

/** A name (or names) and the lines that describe it; psql words kept where the meaning is the same. */
type Entry = [name: string, ...description: string[]]

const VARIABLES: Entry[] = [
  ['ACTIVITYCOUNT', 'number of rows affected by the last request, or returned to rsql by it (also SELECT, COPY, UNLOAD)'],
  ['AUTOCOMMIT', 'if set, successful SQL commands are automatically committed'],
  ['DBNAME', 'the currently connected database name'],
  ['ECHO', 'controls what input is written to standard output', '[all, errors, none, queries]'],
  ['ECHO_HIDDEN', 'if set, display internal queries executed by backslash commands;', 'if set to "noexec", just show them without execution'],
  ['ENCODING', 'current client character set encoding'],
  ['ERROR', 'true if last query failed, else false'],
  ['ERRORCODE', 'SQLSTATE of the last request, or "00000" if it succeeded'],
  ['ERRORLEVEL', 'highest severity of the errors so far (\\rset errorlevel maps SQLSTATEs to severities)'],
  ['FETCH_COUNT', 'the number of result rows to fetch and display at a time (0 = unlimited)'],
  ['HIDE_TABLEAM', 'if set, table access methods are not displayed'],
  ['HIDE_TOAST_COMPRESSION', 'if set, compression methods are not displayed'],
  ['HOST', 'the currently connected database server host'],
  ['LAST_ERROR_MESSAGE'],
  ['LAST_ERROR_SQLSTATE', 'message and SQLSTATE of last error, or empty string and "00000" if none'],
  ['MAXERROR', 'exit when an error\'s severity is above this (0 = never; same as \\rset maxerror)'],
  ['ON_ERROR_STOP', 'stop batch execution after error'],
  ['PORT', 'server port of the current connection'],
  ['QUIET', 'run quietly (same as -q option)'],
  ['ROW_COUNT', 'number of rows returned or affected by last query, or 0'],
  ['SERVER_VERSION_NAME'],
  ['SERVER_VERSION_NUM', 'server\'s version (in short string or numeric format)'],
  ['SHELL_ERROR', 'true if the last shell command failed, else false'],
  ['SHELL_EXIT_CODE', 'exit status of the last shell command'],
  ['SHOW_CONTEXT', 'controls display of message context fields [never, errors, always]'],
  ['SINGLELINE', 'if set, end of line terminates SQL commands (same as -S option)'],
  ['SINGLESTEP', 'single-step mode (same as -s option)'],
  ['SQLSTATE', 'SQLSTATE of last query, or "00000" if no error'],
  ['USER', 'the currently connected database user'],
  ['VERBOSITY', 'controls verbosity of error reports [default, verbose, terse, sqlstate]'],
  ['VERSION'],
  ['VERSION_NAME'],
  ['VERSION_NUM', 'the psql version rsql matches (in verbose string, short string, or numeric format)'],
]

const DISPLAY: Entry[] = [
  ['border', 'border style (number)'],
  ['columns', 'target width for the wrapped format'],
  ['csv_fieldsep', 'field separator for CSV output format (default ",")'],
  ['expanded (or x)', 'expanded output [on, off, auto]'],
  ['fieldsep', 'field separator for unaligned output (default "|")'],
  ['fieldsep_zero', 'set field separator for unaligned output to a zero byte'],
  ['footer', 'enable or disable display of the table footer [on, off]'],
  ['format', 'set output format [unaligned, aligned, wrapped, html, asciidoc, ...]'],
  ['linestyle', 'set the border line drawing style [ascii, old-ascii, unicode]'],
  ['null', 'set the string to be printed in place of a null value'],
  ['numericlocale', 'enable display of a locale-specific character to separate groups of digits'],
  ['recordsep', 'record (line) separator for unaligned output'],
  ['recordsep_zero', 'set record separator for unaligned output to a zero byte'],
  ['tableattr (or T)', 'specify attributes for table tag in html format, or proportional', 'column widths for left-aligned data types in latex-longtable format'],
  ['title', 'set the table title for subsequently printed tables'],
  ['tuples_only', 'if set, only actual table data is shown'],
  ['unicode_border_linestyle'],
  ['unicode_column_linestyle'],
  ['unicode_header_linestyle', 'set the style of Unicode line drawing [single, double]'],
]

const REPORT: Entry[] = [
  ['errorlevel', 'map SQLSTATEs to severities [on, off, SQLSTATE severity N, (SQLSTATE, ...) severity N,', 'unknown severity N]'],
  ['heading', 'report header printed above the results'],
  ['maxerror', 'exit when an error\'s severity is above this (0 = never)'],
  ['rformat', 'apply the \\pset formatting settings to the output [on, off]'],
  ['rtitle', 'report header printed above the results, with the client\'s date'],
  ['titledashes', 'print a line of dashes above the column data [on, off]'],
  ['width', 'target width of the wrapped output; without a value, show it'],
]

const ENVIRONMENT: Entry[] = [
  ['HOME', 'the folder ~ stands for in file names'],
  ['ODBCINI', 'the odbc.ini file -D reads data sources from (default ~/.odbc.ini)'],
  ['PGSSLMODE', 'same as the sslmode connection parameter'],
  ['PGSSLROOTCERT', 'same as the sslrootcert connection parameter'],
  ['PSQL_PAGER, PAGER', 'name of external pager program (for this help on a terminal)'],
  ['RSPASSWORD', 'connection password, used before the data source\'s PWD'],
  ['USER', 'default database user name'],
]

function section(title: string, usage: string[], entries: Entry[]): string {
  let text = `${title}:\nUsage:\n${usage.map(u => `  ${u}\n`).join('')}\n`
  for (const [name, ...description] of entries) text += `  ${name}\n${description.map(d => `    ${d}\n`).join('')}`
  return text
}

export const VARIABLES_HELP = 'List of specially treated variables\n\n'
  + section('rsql variables', ['rsql --set=NAME=VALUE', 'or \\set NAME VALUE inside rsql'], VARIABLES) + '\n'
  + section('Display settings', ['rsql --pset=NAME[=VALUE]', 'or \\pset NAME [VALUE] inside rsql'], DISPLAY) + '\n'
  + section('Report settings', ['\\rset NAME [VALUE] inside rsql'], REPORT) + '\n'
  + section('Environment variables', ['NAME=VALUE [NAME=VALUE] rsql ...', 'or \\setenv NAME [VALUE] inside rsql'], ENVIRONMENT)
