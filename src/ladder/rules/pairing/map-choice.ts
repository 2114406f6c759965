// Map choice of PRODUCT.md §6.3: no vetoed map, and not what either player played most
// recently unless nothing else is left.

/** A map a player played, with when (matches that reached `in_progress`). */
export interface PlayedMap {
  mapId: string;
  playedAtMs: number;
}

/** What one map choice reads. */
export interface MapChoiceInput {
  /** The season's pool, in a fixed order. */
  pool: readonly string[];
  vetoes: readonly [readonly string[], readonly string[]];
  /** Each player's played maps, any order; only the latest `memory` count. */
  recent: readonly [readonly PlayedMap[], readonly PlayedMap[]];
  /** How many of each player's latest maps to avoid. @defaultValue 2 */
  memory: number;
  /** A uniform source in [0, 1); tests fix it. */
  random: () => number;
}

/** Picks the map, or null when the vetoes leave no map at all. */
export function chooseMap(input: MapChoiceInput): string | null {
  const vetoed = new Set([...input.vetoes[0], ...input.vetoes[1]]);
  const allowed = input.pool.filter((map) => !vetoed.has(map));
  if (allowed.length === 0) return null;

  // When each excluded map was last played by either player; older ones come back first.
  const excludedAt = new Map<string, number>();
  for (const played of input.recent) {
    const latest = [...played].sort((a, b) => b.playedAtMs - a.playedAtMs).slice(0, input.memory);
    for (const { mapId, playedAtMs } of latest) {
      excludedAt.set(mapId, Math.max(excludedAt.get(mapId) ?? -Infinity, playedAtMs));
    }
  }

  let candidates = allowed.filter((map) => !excludedAt.has(map));
  if (candidates.length === 0) {
    const oldest = [...allowed].sort(
      (a, b) => (excludedAt.get(a) ?? 0) - (excludedAt.get(b) ?? 0) || (a < b ? -1 : 1),
    );
    candidates = oldest.slice(0, 1);
  }

  const x = input.random();
  const draw = Number.isFinite(x) ? Math.min(Math.max(x, 0), 0.999_999_999) : 0;
  return candidates[Math.floor(draw * candidates.length)] ?? null;
}
