-- Who may see an event, as typed columns the catch-up read can index and
-- filter cheaply (readVisibleEvents, packages/db/src/queries/events.ts). They
-- are generated from `audience`, so writers keep writing only the jsonb and
-- existing rows are filled by this migration (the table is rewritten once).
--
-- audience_scope says which rule shows the event to an operator:
--   'supervisors'  supervisorsOnly is true: no operator sees it;
--   'queue'        queueId is a queue: its members see it;
--   'all'          queueId is present and null, or neither queueId nor any
--                  operatorIds is given: every operator sees it;
--   'operators'    no queueId key, some operatorIds: only those see it.
-- In every scope but 'supervisors', the operators named in operatorIds
-- (assignee, mentioned) see it too: audience_operator_ids.

-- The operator ids of an audience as text (they are compared as text, as the
-- jsonb containment test and the room names always did); null when there are
-- none or the value is not an array. A function because a generation
-- expression cannot hold a subquery.
create function relay_audience_operator_ids(audience jsonb) returns text[]
  language sql immutable parallel safe
  return case
    when jsonb_typeof(audience -> 'operatorIds') = 'array' and jsonb_array_length(audience -> 'operatorIds') > 0
      then array(select jsonb_array_elements_text(audience -> 'operatorIds'))
  end;

alter table events
  add column audience_scope text not null generated always as (
    case
      when audience -> 'supervisorsOnly' = 'true'::jsonb then 'supervisors'
      when audience ? 'queueId' then case when audience ->> 'queueId' is null then 'all' else 'queue' end
      when jsonb_typeof(audience -> 'operatorIds') = 'array' and jsonb_array_length(audience -> 'operatorIds') > 0
        then 'operators'
      else 'all'
    end
  ) stored,
  add column audience_queue_id uuid generated always as ((audience ->> 'queueId')::uuid) stored,
  add column audience_operator_ids text[] generated always as (relay_audience_operator_ids(audience)) stored;
