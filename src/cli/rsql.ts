/** The `rsql` command (Amazon Redshift RSQL compatible). */
export async function main(argv: string[]): Promise<number> {
  process.stderr.write('rsql: not implemented yet\n')
  return 1
}
