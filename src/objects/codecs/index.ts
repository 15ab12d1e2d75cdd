export { lzo1xCompress, lzo1xDecompress, LzoError } from './lzo1x.ts'
export { LzopCompress, LzopDecompress, lzopCompressSync, LZOP_MAGIC, type LzopHeader, type LzopWriteOptions } from './lzop.ts'
export { adler32 } from './checksum.ts'
