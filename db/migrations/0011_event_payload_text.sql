-- An event's payload is stored as the JSON text its writer serialised
-- (appendEvents, packages/db/src/queries/events.ts): a `json` column, not
-- `jsonb`. Nothing queries inside a payload by containment or index (-> and
-- ->> still work on json); every reader passes it on or parses it in Node.
-- Measured on bench scenario 5's log (1.1 KB payloads): converting jsonb to
-- text took about 20 of the 25 ms a page of 1,000 costs PostgreSQL, and a
-- catch-up is ten such pages; the stored text is sent as it is. The write
-- only checks the text instead of building a jsonb value.
-- Existing rows keep jsonb's text of their value; the table is rewritten once.
alter table events alter column payload drop default;
alter table events alter column payload type json using payload::json;
alter table events alter column payload set default '{}'::json;
