-- Two tabs refreshing with one refresh token must not look like theft. The
-- first refresh rotates the session; the others, arriving within the grace
-- window, get the same successor. So the rotated row keeps its successor's
-- refresh token, sealed with the application's secret box (AES-256-GCM under
-- ENCRYPTION_KEY): the database alone cannot replay it. It is cleared once the
-- window has passed (lazily, at the operator's next rotation) or when the
-- session's line is revoked. The rotation time is revoked_at of the row whose
-- replaced_by_id is set.
alter table sessions add column successor_token_sealed text;
