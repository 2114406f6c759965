// The region→server table of PRODUCT.md §11.4 as data, with the latency zones of §11.3. The
// table is the predecessor's; configuration may override cells, classes and forbidden pairs.

/** Residence regions, in the order of the table's rows and columns. */
export const regionCodes = [
  'NAW', 'NAC', 'NAE', 'CAM', 'SAM', 'EUW', 'EUE', 'AFR',
  'MEA', 'SEA', 'KRJ', 'CHN', 'THM', 'OCE', 'USB', 'FER',
] as const; // prettier-ignore

/** One of the 16 residence regions. */
export type RegionCode = (typeof regionCodes)[number];

/** Game servers. */
export const serverCodes = ['USW', 'USC', 'USE', 'BRZ', 'SNG', 'AUS', 'EUC', 'KOR', 'TWN'] as const;

/** One of the game servers. */
export type ServerCode = (typeof serverCodes)[number];

/** Latency zone of each server: Americas, Europe or Asia-Pacific. */
export const serverZones: Readonly<Record<ServerCode, 'americas' | 'europe' | 'asia_pacific'>> = {
  USW: 'americas',
  USC: 'americas',
  USE: 'americas',
  BRZ: 'americas',
  EUC: 'europe',
  SNG: 'asia_pacific',
  AUS: 'asia_pacific',
  KOR: 'asia_pacific',
  TWN: 'asia_pacific',
};

// One row per region, columns in `regionCodes` order; the table is symmetric and its diagonal
// is each region's home server.
const rows: Record<RegionCode, string> = {
  NAW: 'USW USC USC USE USE USE USE USE KOR KOR USW USW USW USW KOR KOR',
  NAC: 'USC USC USC USE USE USE USE EUC EUC USW USW USW USW USW EUC EUC',
  NAE: 'USC USC USE USE USE USE EUC EUC EUC USW USW USW USW USW EUC EUC',
  CAM: 'USE USE USE USE USE USE USE USE USE USW USW USW USW USW EUC EUC',
  SAM: 'USE USE USE USE USE USE USE USE USE USW USW USW USW USW USW USE',
  EUW: 'USE USE USE USE USE EUC EUC EUC EUC USW USW USW USW USW EUC EUC',
  EUE: 'USE USE EUC USE USE EUC EUC EUC EUC USW USC USW USW USW EUC EUC',
  AFR: 'USE EUC EUC USE USE EUC EUC EUC EUC SNG SNG SNG SNG SNG EUC EUC',
  MEA: 'KOR EUC EUC USE USE EUC EUC EUC EUC SNG SNG SNG SNG SNG EUC EUC',
  SEA: 'KOR USW USW USW USW USW USW SNG SNG SNG TWN TWN SNG SNG SNG KOR',
  KRJ: 'USW USW USW USW USW USW USC SNG SNG TWN KOR KOR KOR SNG SNG KOR',
  CHN: 'USW USW USW USW USW USW USW SNG SNG TWN KOR KOR TWN SNG SNG KOR',
  THM: 'USW USW USW USW USW USW USW SNG SNG SNG KOR TWN TWN SNG SNG KOR',
  OCE: 'USW USW USW USW USW USW USW SNG SNG SNG SNG SNG SNG AUS SNG SNG',
  USB: 'KOR EUC EUC EUC USW EUC EUC EUC EUC SNG SNG SNG SNG SNG EUC EUC',
  FER: 'KOR EUC EUC EUC USE EUC EUC EUC EUC KOR KOR KOR KOR SNG EUC KOR',
};

/** A region→server table: `table[a][b]` is the server for a player of `a` against one of `b`. */
export type ServerTable = Readonly<Record<RegionCode, Readonly<Record<RegionCode, ServerCode>>>>;

/** The default table of PRODUCT.md §11.4. */
export const defaultServerTable: ServerTable = Object.fromEntries(
  regionCodes.map((region) => {
    const cells = rows[region].split(' ') as ServerCode[];
    return [region, Object.fromEntries(regionCodes.map((other, i) => [other, cells[i]]))];
  }),
) as ServerTable;

const regionSet: ReadonlySet<string> = new Set(regionCodes);

/** Whether `value` is one of the 16 residence regions. */
export function isRegionCode(value: unknown): value is RegionCode {
  return typeof value === 'string' && regionSet.has(value);
}

/** The server two players are sent to; the order of the regions does not matter. */
export function serverFor(a: RegionCode, b: RegionCode, table = defaultServerTable): ServerCode {
  return table[a][b];
}

/** Latency class 0, 1 or 2 of a player's region on a server. */
export type LatencyClass = 0 | 1 | 2;

/** Overrides of single (region, server) cells of the latency-class table. */
export type LatencyOverrides = Readonly<
  Partial<Record<RegionCode, Partial<Record<ServerCode, LatencyClass>>>>
>;

/**
 * Latency class of a region on a server: 0 on its home server, 1 in the home server's zone,
 * 2 elsewhere, unless an override names the cell.
 */
export function latencyClass(
  region: RegionCode,
  server: ServerCode,
  table: ServerTable = defaultServerTable,
  overrides: LatencyOverrides = {},
): LatencyClass {
  const overridden = overrides[region]?.[server];
  if (overridden !== undefined) return overridden;

  const home = table[region][region];
  if (home === server) return 0;
  return serverZones[home] === serverZones[server] ? 1 : 2;
}
