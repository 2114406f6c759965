import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LobbySettings, ReplaySummary } from '../../../src/replays/decode/types.js';
import { defaultRulesConfig } from '../../../src/ladder/rules/config.js';
import { defaultEvoModFingerprints } from '../../../src/ladder/rules/verify/evo-mod.js';
import {
  verifyReplay,
  type VerifyReplayInput,
} from '../../../src/ladder/rules/verify/verify-replay.js';

// A two-player summary built from a real official replay's facts (its mod handles, map title
// and first player); the second player and results are set per test.
const dir = join(process.cwd(), '..', 'shared', 'replays');
const real = JSON.parse(
  readFileSync(join(dir, 'Keres Passage SEL (Official EU).json'), 'utf8'),
) as ReplaySummary;
const createdAtMs = Date.parse(real.startTime) - 120_000;

function summary(over: Partial<ReplaySummary> = {}): ReplaySummary {
  return {
    ...real,
    durationSeconds: 600,
    players: [
      {
        name: 'Huntedswarm',
        clanTag: 'BornG',
        toon: '2-S2-1-5450450',
        race: 'BW Zerg',
        result: 'win',
        teamId: 0,
        isComputer: false,
      },
      {
        name: 'Rival',
        clanTag: null,
        toon: '2-S2-1-777',
        race: 'Terran',
        result: 'loss',
        teamId: 1,
        isComputer: false,
      },
    ],
    ...over,
  };
}

const goodLobby: LobbySettings = {
  gameSpeed: 'Faster',
  privacy: 'Normal',
  gameMode: 'Private',
  lockedAlliances: true,
  durationLimitMinutes: 0,
  observerSlots: [],
};

function input(over: Partial<VerifyReplayInput> = {}): VerifyReplayInput {
  return {
    summary: summary(),
    lobby: goodLobby,
    match: {
      id: 'm1',
      createdAtMs,
      p1: {
        playerId: 'A',
        ladderName: 'Hunted',
        altNames: ['Huntedswarm'],
        battleTag: 'Hunt#1234',
        toons: [],
      },
      p2: { playerId: 'B', ladderName: 'Rival', altNames: [], battleTag: 'Riv#5555', toons: [] },
      p1Race: 'bw_zerg',
      p2Race: 'sc2_terran',
      map: { titles: ['Keres Passage SEL', 'ケレス航路 SEL'] },
    },
    reusedIn: [],
    lookup: { playerByToon: () => null, playerByName: () => null },
    mod: defaultEvoModFingerprints,
    settings: defaultRulesConfig.verification,
    ...over,
  };
}

const failed = (r: ReturnType<typeof verifyReplay>) =>
  r.checks.filter((c) => c.severity !== 'pass').map((c) => `${c.id}:${c.severity}:${c.reason}`);

describe('verifyReplay', () => {
  it('verifies a clean replay and maps the BW player to player 1', () => {
    const r = verifyReplay(input());
    expect(failed(r)).toEqual([]);
    expect(r).toMatchObject({ status: 'verified', outcome: 'p1_win', modRegion: 'europe' });
    expect(r.checks).toHaveLength(15);
    expect(r.toons.map((t) => t.playerId).sort()).toEqual(['A', 'B']);
  });

  it('maps an SC2 win to p2 whatever the replay order', () => {
    const s = summary();
    const [a, b] = s.players as [ReplaySummary['players'][0], ReplaySummary['players'][0]];
    const r = verifyReplay(
      input({
        summary: {
          ...s,
          players: [
            { ...b, result: 'win' },
            { ...a, result: 'loss' },
          ],
        },
      }),
    );
    expect(r.outcome).toBe('p2_win');
  });

  it('rejects an unreadable file and stops there', () => {
    const r = verifyReplay(input({ summary: null }));
    expect(r.status).toBe('rejected');
    expect(failed(r)).toEqual(['readable:reject:unreadable']);
  });

  it('rejects a replay attached to another match and raises a signal', () => {
    const r = verifyReplay(input({ reusedIn: ['m0', 'm1'] }));
    expect(failed(r)).toEqual(['reused:reject:reused_replay']);
    expect(r.signals).toEqual([
      { topic: 'reused_replay', playerIds: ['A', 'B'], matchIds: ['m1', 'm0'] },
    ]);
  });

  it('rejects computer players and wrong player counts', () => {
    const s = summary();
    const withAi = { ...s, players: [s.players[0]!, { ...s.players[1]!, isComputer: true }] };
    expect(failed(verifyReplay(input({ summary: withAi })))).toContain(
      'players:reject:computer_player',
    );
    const three = { ...s, players: [...s.players, { ...s.players[1]!, name: 'X' }] };
    expect(failed(verifyReplay(input({ summary: three })))).toContain(
      'players:reject:player_count',
    );
  });

  it('rejects other races, another map and a fake mod', () => {
    const s = summary();
    const zerg = { ...s, players: [s.players[0]!, { ...s.players[1]!, race: 'Zerg' }] };
    expect(failed(verifyReplay(input({ summary: zerg })))).toContain('races:reject:races_mismatch');
    expect(failed(verifyReplay(input({ summary: { ...s, map: 'Lost Temple' } })))).toEqual([
      'map:reject:map_mismatch',
    ]);

    const fake = JSON.parse(
      readFileSync(join(dir, 'Keres Passage SEL (Fake EU).json'), 'utf8'),
    ) as ReplaySummary;
    const r = verifyReplay(input({ summary: { ...s, cacheHandles: fake.cacheHandles } }));
    expect(failed(r)).toEqual(['mod:reject:mod_mismatch']);
    expect(r.checks.find((c) => c.id === 'mod')?.found).toContain('dbd21603');
  });

  it('accepts a localized title and checks a configured map fingerprint', () => {
    const s = summary({ map: 'ケレス航路 SEL ' });
    expect(verifyReplay(input({ summary: s })).status).toBe('verified');
    const last = real.cacheHandles.at(-1)?.split(':')[2] as string;
    const base = input();
    expect(
      verifyReplay({
        ...base,
        match: { ...base.match, map: { titles: ['x'], fingerprints: [last] } },
      }).status,
    ).toBe('verified');
    expect(
      verifyReplay({ ...base, match: { ...base.match, map: { titles: [], fingerprints: ['00'] } } })
        .status,
    ).toBe('rejected');
  });

  it('holds when only one player is recognised, and rejects when none is', () => {
    const s = summary();
    const stranger = {
      ...s,
      players: [s.players[0]!, { ...s.players[1]!, name: 'Nobody', toon: null }],
    };
    const held = verifyReplay(input({ summary: stranger }));
    expect(failed(held)).toEqual(['identity:hold:opponent_unrecognised']);
    expect(held).toMatchObject({ status: 'accepted', outcome: 'p1_win' });

    const both = { ...s, players: s.players.map((p) => ({ ...p, name: 'Nobody', toon: null })) };
    expect(failed(verifyReplay(input({ summary: both })))).toContain(
      'identity:reject:players_unrecognised',
    );
  });

  it('recognises BattleTag names and linked toons, which take precedence over names', () => {
    const s = summary();
    const tag = { ...s, players: [{ ...s.players[0]!, name: 'HUNT' }, s.players[1]!] };
    expect(verifyReplay(input({ summary: tag })).status).toBe('verified');

    // The SC2 player's name says Rival, but the toon is linked to A: A twice is refused.
    const base = input();
    const linked = { ...base.match, p1: { ...base.match.p1, toons: ['2-S2-1-777'] } };
    expect(failed(verifyReplay({ ...base, match: linked }))).toContain(
      'identity:reject:same_player_twice',
    );
  });

  it('rejects players who played each other’s races', () => {
    const s = summary();
    const swapped = {
      ...s,
      players: [
        { ...s.players[0]!, name: 'Rival', toon: null },
        { ...s.players[1]!, name: 'Hunted', toon: null },
      ],
    };
    expect(failed(verifyReplay(input({ summary: swapped })))).toEqual([
      'identity:reject:races_swapped',
    ]);
  });

  it('rejects a registered player outside the match and raises a foreign-player signal', () => {
    const lookup = {
      playerByToon: (t: string) => (t === '2-S2-1-777' ? 'C' : null),
      playerByName: () => null,
    };
    const r = verifyReplay(input({ lookup }));
    expect(failed(r)).toEqual(['identity:reject:foreign_player']);
    expect(r.signals[0]).toEqual({
      topic: 'foreign_player',
      playerIds: ['A', 'B', 'C'],
      matchIds: ['m1'],
    });
  });

  it('holds a replay that started outside the tolerance', () => {
    const late = summary({ startTime: new Date(createdAtMs + 11 * 60_000).toISOString() });
    expect(failed(verifyReplay(input({ summary: late })))).toEqual(['start_time:hold:start_time']);
    const odd = summary({ startTime: 'not a time' });
    expect(failed(verifyReplay(input({ summary: odd })))).toEqual([
      'start_time:hold:start_time_unknown',
    ]);
  });

  it('holds an undecided winner and never turns it into a draw; a tie is a draw', () => {
    const s = summary();
    const undecided = {
      ...s,
      players: s.players.map((p) => ({ ...p, result: 'undecided' as const })),
    };
    const r = verifyReplay(input({ summary: undecided }));
    expect(r).toMatchObject({ status: 'accepted', outcome: null });
    expect(failed(r)).toEqual(['outcome:hold:outcome_unknown']);

    const tie = { ...s, players: s.players.map((p) => ({ ...p, result: 'tie' as const })) };
    expect(verifyReplay(input({ summary: tie })).outcome).toBe('draw');
  });

  it('warns about observers, lobby settings and short games without blocking', () => {
    const lobby = {
      ...goodLobby,
      privacy: 'No Match History',
      durationLimitMinutes: 60,
      lockedAlliances: false,
    };
    const r = verifyReplay(
      input({ summary: summary({ observers: ['Spy'], durationSeconds: 90 }), lobby }),
    );
    expect(failed(r)).toEqual([
      'observers:warn:observers',
      'lobby_privacy:warn:lobby_privacy',
      'lobby_duration:warn:lobby_duration',
      'lobby_locked_alliances:warn:lobby_locked_alliances',
      'game_length:warn:short_game',
    ]);
    expect(r.status).toBe('verified');
    expect(r.signals.map((x) => x.topic)).toEqual(['short_game']);
    expect(failed(verifyReplay(input({ lobby: null })))).toHaveLength(3);
  });

  it('survives a summary with missing or wrongly typed fields', () => {
    const broken = {
      ...summary(),
      players: undefined,
      cacheHandles: undefined,
      map: 42,
    } as unknown as ReplaySummary;
    const r = verifyReplay(input({ summary: broken }));
    expect(r.status).toBe('rejected');
  });
});
