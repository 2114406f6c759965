export { CompactTable, type CompactTableOptions, type RecordTable } from './compact-table.js';
export { StringPool } from './string-pool.js';
