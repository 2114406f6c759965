-- 003: one row per wave with a pool ([MM-6]), for the fairness page and /admin snapshot.
-- The id is the wave time's (`wave/<waveAt>`), so rewriting a wave replaces its row.
-- Key columns compare bytewise, as 002 made them everywhere else.

CREATE TABLE waves (
  id text COLLATE "C" PRIMARY KEY,
  wave_at bigint,
  season_id text COLLATE "C",
  pool_size integer,
  bw_only integer,
  sc2_only integer,
  both_games integer,
  allowed_pairs bigint,
  pairs_formed integer,
  unpaired integer,
  timed_out integer,
  compute_ms double precision,
  created_at bigint
);

-- Reads by time range (the last 24 h) when the table is queried directly.
CREATE INDEX waves_wave_at ON waves (wave_at);
