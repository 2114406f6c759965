-- 002: key columns compare bytewise (COLLATE "C"). They hold ASCII ids, Discord snowflakes and
-- hex digests, never text a person sorts, so a linguistic collation buys nothing; under the
-- database default (libc C.UTF-8 here) every btree comparison on them went through strcoll.
-- With "C" it is a memcmp, on every primary-key and foreign-id index the flusher updates.
-- Names (ladder_name, battle_tag) keep the default: their lower() indexes serve people.
-- Changing only the collation rewrites no table; the indexes on these columns are rebuilt.

ALTER TABLE seasons ALTER COLUMN id TYPE text COLLATE "C";

ALTER TABLE players
  ALTER COLUMN id TYPE text COLLATE "C",
  ALTER COLUMN discord_id TYPE text COLLATE "C";

ALTER TABLE ratings
  ALTER COLUMN id TYPE text COLLATE "C",
  ALTER COLUMN season_id TYPE text COLLATE "C",
  ALTER COLUMN player_id TYPE text COLLATE "C",
  ALTER COLUMN race TYPE text COLLATE "C";

ALTER TABLE rating_history
  ALTER COLUMN id TYPE text COLLATE "C",
  ALTER COLUMN season_id TYPE text COLLATE "C",
  ALTER COLUMN player_id TYPE text COLLATE "C",
  ALTER COLUMN race TYPE text COLLATE "C",
  ALTER COLUMN match_id TYPE text COLLATE "C",
  ALTER COLUMN audit_id TYPE text COLLATE "C";

ALTER TABLE queue_preferences
  ALTER COLUMN id TYPE text COLLATE "C",
  ALTER COLUMN player_id TYPE text COLLATE "C";

ALTER TABLE queue_entries
  ALTER COLUMN id TYPE text COLLATE "C",
  ALTER COLUMN player_id TYPE text COLLATE "C",
  ALTER COLUMN season_id TYPE text COLLATE "C",
  ALTER COLUMN match_id TYPE text COLLATE "C";

ALTER TABLE matches
  ALTER COLUMN id TYPE text COLLATE "C",
  ALTER COLUMN season_id TYPE text COLLATE "C",
  ALTER COLUMN stage TYPE text COLLATE "C",
  ALTER COLUMN p1_id TYPE text COLLATE "C",
  ALTER COLUMN p2_id TYPE text COLLATE "C",
  ALTER COLUMN no_show_claimant_id TYPE text COLLATE "C",
  ALTER COLUMN work_item_id TYPE text COLLATE "C";

ALTER TABLE replays
  ALTER COLUMN id TYPE text COLLATE "C",
  ALTER COLUMN sha256 TYPE text COLLATE "C",
  ALTER COLUMN match_id TYPE text COLLATE "C",
  ALTER COLUMN uploader_id TYPE text COLLATE "C";

ALTER TABLE toon_links
  ALTER COLUMN id TYPE text COLLATE "C",
  ALTER COLUMN player_id TYPE text COLLATE "C",
  ALTER COLUMN match_id TYPE text COLLATE "C";

ALTER TABLE audit_log
  ALTER COLUMN id TYPE text COLLATE "C",
  ALTER COLUMN admin_id TYPE text COLLATE "C",
  ALTER COLUMN target_player_id TYPE text COLLATE "C",
  ALTER COLUMN match_id TYPE text COLLATE "C";

ALTER TABLE player_history
  ALTER COLUMN id TYPE text COLLATE "C",
  ALTER COLUMN player_id TYPE text COLLATE "C";

ALTER TABLE command_log
  ALTER COLUMN id TYPE text COLLATE "C",
  ALTER COLUMN discord_id TYPE text COLLATE "C";

ALTER TABLE work_items
  ALTER COLUMN id TYPE text COLLATE "C",
  ALTER COLUMN dedupe_key TYPE text COLLATE "C",
  ALTER COLUMN status TYPE text COLLATE "C";

ALTER TABLE key_values ALTER COLUMN id TYPE text COLLATE "C";
