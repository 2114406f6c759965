import { asInt, asText, optInt } from './fields.js';
import { TrackerEvent, walkTrackerEvents } from './tracker.js';
import type { BuildOrderItem, MinuteSample, PlayerStats } from './types.js';
import type { VStruct } from './versioned.js';

/** Build-order items kept per player. */
export const buildOrderLength = 40;

// 16 game loops per game second, so a game minute is 960 loops.
// NOTE: times are game seconds (loops / 16), as the field names say; the clock players see in
// Legacy of the Void runs 1.4 times slower at Faster (loops / 22.4). Pages convert if they want it.
// Minute m holds the last stats sample taken during game minute m (samples come every 160 loops).
const loopsPerSecond = 16;
const loopsPerMinute = 960;
// Supply is stored as fixed point, × 4096 (49152 → 12).
const supplyScale = 4096;

// Units that appear without being ordered: spawned, summoned or part of another unit.
const notOrdered = new Set([
  'Larva',
  'Egg',
  'Broodling',
  'BroodlingEscort',
  'Interceptor',
  'LocustMP',
  'LocustMPFlying',
  'MULE',
  'AdeptPhaseShift',
  'AutoTurret',
  'CreepTumor',
  'CreepTumorBurrowed',
  'CreepTumorQueen',
  'InfestedTerransEgg',
  'InfestorTerran',
  'KD8Charge',
  'ParasiticBombDummy',
  'DisruptorPhased',
  'ReleaseInterceptorsBeacon',
]);

/**
 * Build orders and per-minute series of the `playerCount` players from tracker events.
 * Events at loop 0 are the starting units and cosmetic upgrades, never a choice, so they are
 * left out of the build order.
 */
export function decodeStats(bytes: Uint8Array, playerCount: number): PlayerStats[] {
  const players: PlayerStats[] = [];
  for (let id = 1; id <= playerCount; id++) {
    players.push({ playerId: id, buildOrder: [], perMinute: [] });
  }

  const wanted = new Set<number>([
    TrackerEvent.playerStats,
    TrackerEvent.unitBorn,
    TrackerEvent.unitInit,
    TrackerEvent.upgrade,
  ]);
  walkTrackerEvents(
    bytes,
    ({ loop, id, body }) => {
      if (id === TrackerEvent.playerStats) {
        recordMinute(players[asInt(body[0], 'stats player') - 1], loop, body);
        return;
      }

      if (loop === 0) return;
      if (id === TrackerEvent.unitBorn || id === TrackerEvent.unitInit) {
        const name = asText(body[2], 'unit type');
        const kind = id === TrackerEvent.unitInit ? 'structure' : 'unit';
        if (!notOrdered.has(name))
          addItem(players[asInt(body[3], 'unit owner') - 1], name, kind, loop);
      } else if (id === TrackerEvent.upgrade) {
        const name = asText(body[1], 'upgrade type');
        if (!name.startsWith('Spray') && !name.startsWith('Reward')) {
          addItem(players[asInt(body[0], 'upgrade player') - 1], name, 'upgrade', loop);
        }
      }
    },
    wanted,
  );

  return players;
}

function addItem(
  player: PlayerStats | undefined,
  name: string,
  kind: BuildOrderItem['kind'],
  loop: number,
): void {
  if (!player || player.buildOrder.length >= buildOrderLength) return;
  player.buildOrder.push({ name, kind, gameSeconds: loop / loopsPerSecond });
}

// One sample per game minute: the last stats event of that minute wins.
function recordMinute(player: PlayerStats | undefined, loop: number, body: VStruct): void {
  if (!player || body[1] === null || typeof body[1] !== 'object') return;
  const stats = body[1] as VStruct;
  const get = (tag: number) => optInt(stats[tag], 'player stat', 0);
  const sample: MinuteSample = {
    minute: Math.floor(loop / loopsPerMinute),
    workers: get(4),
    armyValue: get(11) + get(14),
    supplyUsed: get(29) / supplyScale,
    supplyCap: get(30) / supplyScale,
    mineralIncome: get(2),
    gasIncome: get(3),
  };

  const last = player.perMinute[player.perMinute.length - 1];
  if (last && last.minute === sample.minute) player.perMinute[player.perMinute.length - 1] = sample;
  else player.perMinute.push(sample);
}
