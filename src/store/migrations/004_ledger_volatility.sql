-- 004: each ledger line keeps the Glicko-2 volatility before and after it (null under Elo), as
-- it keeps the rating deviation: a re-rating of a Glicko-2 season then resumes from the line
-- before the corrected game instead of replaying the season from its start.

ALTER TABLE rating_history ADD COLUMN volatility_before double precision;
ALTER TABLE rating_history ADD COLUMN volatility_after double precision;
