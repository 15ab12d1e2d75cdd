// The RSQL/psql output room's door: print options, `\pset`, `\rset` report settings and the printers.
export {
  PRINT_FORMATS, defaultPrintOptions, clonePrintOptions,
  type PrintFormat, type PrintOptions, type Separator, type Expanded, type LineStyleName, type UnicodeLineStyle,
} from './options.ts'
export { applyPset, psetInfo, psetListing, parseBool, type PsetOutcome } from './pset.ts'
export {
  printQueryResult, printQueryResultTo, printCommandStatus, printTable, printTableTo, tableFromResult, returnsTuples, type PrintEnvironment,
} from './print.ts'
export { WHOLE_TABLE, ChunkedSink, type PrintTable, type TablePart, type Align, type Sink, type RowList } from './table.ts'
export { columnAlignment, formatNumericLocale } from './numeric.ts'
export { crosstabTable } from './crosstab.ts'
export { charWidth, displayWidth, formatLines, mayHoldNoncharacter } from './width.ts'
export { lineStyle, ASCII, OLD_ASCII, unicodeStyle, type LineStyle, type LineRule } from './line-styles.ts'
export { csvField } from './csv.ts'
export { htmlEscape } from './html.ts'
export {
  newOutputSettings, activePrintOptions, effectivePrintOptions, pset, psetNow, rset, reportHeading, DEFERRED,
  type OutputSettings, type ReportSettings,
} from './report.ts'
