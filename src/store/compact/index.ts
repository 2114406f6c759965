export {
  CompactTable,
  type CompactTableOptions,
  type RecordTable,
  type ShortIds,
} from './compact-table.js';
export { StringPool } from './string-pool.js';
export { ChunkedColumn } from './chunked.js';
