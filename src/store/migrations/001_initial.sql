-- 001: the ladder's first schema. Every table is keyed by the record's stable text id, so the
-- journal flusher can upsert idempotently. Times are epoch milliseconds (bigint).
-- NOTE: uniqueness beyond the id (Discord id, match number, names) is enforced by the single
-- writer's read model, not by unique indexes: a unique index could reject a batch whose final
-- state is valid but whose row order is not, and stall the flusher.

CREATE TABLE seasons (
  id text PRIMARY KEY,
  name text,
  starts_at bigint,
  planned_end_at bigint,
  ended_at bigint,
  is_current boolean,
  map_pool jsonb,
  rules jsonb,
  carry_over double precision,
  overrides jsonb,
  archive text
);

CREATE TABLE players (
  id text PRIMARY KEY,
  discord_id text,
  discord_name text,
  ladder_name text,
  battle_tag text,
  alt_names jsonb,
  country text,
  region text,
  language text,
  last_locale text,
  terms_version text,
  terms_accepted_at bigint,
  terms_declined_at bigint,
  setup_completed_at bigint,
  quickstart_read_at bigint,
  notices_acked jsonb,
  banned_at bigint,
  ban_reason text,
  abort_override_month text,
  abort_override integer,
  created_at bigint,
  updated_at bigint
);

CREATE TABLE ratings (
  id text PRIMARY KEY,
  season_id text,
  player_id text,
  race text,
  rating double precision,
  rd double precision,
  volatility double precision,
  games integer,
  wins integer,
  losses integer,
  draws integer,
  last_game_at bigint,
  updated_at bigint
);

CREATE TABLE rating_history (
  id text PRIMARY KEY,
  season_id text,
  player_id text,
  race text,
  kind text,
  match_id text,
  audit_id text,
  before double precision,
  after double precision,
  delta double precision,
  rd_before double precision,
  rd_after double precision,
  at bigint,
  superseded_at bigint
);

CREATE TABLE queue_preferences (
  id text PRIMARY KEY,
  player_id text,
  bw_race text,
  sc2_race text,
  vetoes jsonb,
  updated_at bigint
);

CREATE TABLE queue_entries (
  id text PRIMARY KEY,
  player_id text,
  season_id text,
  bw_race text,
  sc2_race text,
  vetoes jsonb,
  region text,
  ratings_at_join jsonb,
  joined_at bigint,
  waves_waited integer,
  search_message_id text,
  exit text,
  exit_at bigint,
  match_id text
);

CREATE TABLE matches (
  id text PRIMARY KEY,
  number bigint,
  season_id text,
  wave_at bigint,
  stage text,
  p1_id text,
  p2_id text,
  p1_race text,
  p2_race text,
  map_id text,
  server text,
  p1_rating_at_pairing double precision,
  p2_rating_at_pairing double precision,
  underdog_chance double precision,
  p1_wait_ms bigint,
  p2_wait_ms bigint,
  deadline_at bigint,
  confirm_by bigint,
  report_by bigint,
  no_show_by bigint,
  dispute_by bigint,
  reminders_sent jsonb,
  p1_confirmed_at bigint,
  p2_confirmed_at bigint,
  p1_report jsonb,
  p2_report jsonb,
  no_show_claimant_id text,
  no_show_claimed_at bigint,
  outcome text,
  outcome_source text,
  void_reason text,
  aborted_by text,
  missed_confirmation jsonb,
  work_item_id text,
  p1_rating_before double precision,
  p1_rating_after double precision,
  p2_rating_before double precision,
  p2_rating_after double precision,
  message_ids jsonb,
  events jsonb,
  created_at bigint,
  updated_at bigint,
  ended_at bigint
);

CREATE TABLE replays (
  id text PRIMARY KEY,
  sha256 text,
  match_id text,
  uploader_id text,
  uploaded_at bigint,
  size_bytes bigint,
  summary jsonb,
  verification jsonb,
  status text,
  storage_key text,
  deleted_at bigint
);

CREATE TABLE toon_links (
  id text PRIMARY KEY,
  player_id text,
  names jsonb,
  linked_at bigint,
  match_id text
);

CREATE TABLE audit_log (
  id text PRIMARY KEY,
  admin_id text,
  at bigint,
  action text,
  target_player_id text,
  match_id text,
  before jsonb,
  after jsonb,
  reason text,
  dm_failed boolean
);

CREATE TABLE player_history (
  id text PRIMARY KEY,
  player_id text,
  field text,
  old_value jsonb,
  new_value jsonb,
  at bigint,
  actor jsonb
);

CREATE TABLE command_log (
  id text PRIMARY KEY,
  discord_id text,
  command text,
  at bigint,
  "where" text,
  details jsonb
);

CREATE TABLE work_items (
  id text PRIMARY KEY,
  kind text,
  topic text,
  match_ids jsonb,
  player_ids jsonb,
  evidence jsonb,
  dedupe_key text,
  status text,
  claimed_by text,
  message_id text,
  created_at bigint,
  closed_at bigint
);

CREATE TABLE key_values (
  id text PRIMARY KEY,
  value jsonb,
  expires_at bigint,
  updated_at bigint
);

-- The journal position the database holds: every record up to seq is applied.
CREATE TABLE store_journal_mark (
  id integer PRIMARY KEY,
  seq bigint NOT NULL,
  updated_at bigint NOT NULL
);

INSERT INTO store_journal_mark (id, seq, updated_at) VALUES (1, 0, 0);

CREATE INDEX players_discord_id ON players (discord_id);
CREATE INDEX players_ladder_name ON players (lower(ladder_name));
CREATE INDEX players_battle_tag ON players (lower(battle_tag));
CREATE INDEX ratings_entry ON ratings (season_id, player_id, race);
CREATE INDEX ratings_ranking ON ratings (season_id, rating DESC, last_game_at DESC);
CREATE INDEX rating_history_entry ON rating_history (season_id, player_id, race, at);
CREATE INDEX rating_history_match ON rating_history (match_id);
CREATE INDEX queue_entries_player ON queue_entries (player_id, joined_at);
CREATE INDEX queue_entries_joined ON queue_entries (joined_at);
CREATE INDEX matches_number ON matches (number);
CREATE INDEX matches_p1 ON matches (p1_id, created_at);
CREATE INDEX matches_p2 ON matches (p2_id, created_at);
CREATE INDEX matches_stage ON matches (stage);
CREATE INDEX matches_season ON matches (season_id, created_at);
CREATE INDEX replays_sha256 ON replays (sha256);
CREATE INDEX replays_match ON replays (match_id);
CREATE INDEX toon_links_player ON toon_links (player_id);
CREATE INDEX audit_log_admin ON audit_log (admin_id, at);
CREATE INDEX audit_log_player ON audit_log (target_player_id, at);
CREATE INDEX audit_log_match ON audit_log (match_id, at);
CREATE INDEX player_history_player ON player_history (player_id, at);
CREATE INDEX command_log_user ON command_log (discord_id, at);
CREATE INDEX work_items_status ON work_items (status, created_at);
CREATE INDEX work_items_dedupe ON work_items (dedupe_key);
