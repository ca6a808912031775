-- Larder archive layout: one term tally of a partition.
-- ARGV[1] key base   ARGV[2] indexed field   ARGV[3] value
-- Returns {1, "count first last"} ('' when the partition holds no record with that value) while the tallies are
-- true, else {0}: a client that does not keep them wrote since, and the caller rebuilds them first.
local M = load_meta()
if not M.t then return {0} end
return {1, redis.call('HGET', B .. 'y:' .. ARGV[2], ARGV[3]) or ''}
