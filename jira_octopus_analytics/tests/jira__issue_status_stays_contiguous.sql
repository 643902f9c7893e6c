{{ config(enabled=var('jira_octopus_using_jira', true)) }}
-- Each issue's stays follow one another: a stay starts when the previous one ended, only the last one is open, and
-- the current stay's status is the issue's current status.
with stays as (
    select
        *,
        lag(left_at) over (partition by issue_id order by stay_number) as previous_left_at,
        max(stay_number) over (partition by issue_id) as last_stay_number
    from {{ ref('jira__issue_status_stays') }}
)

select stays.issue_id, stays.stay_number
from stays
inner join {{ ref('jira__issue_flow') }} as flow on flow.issue_id = stays.issue_id
where (stays.stay_number > 1 and stays.previous_left_at <> stays.entered_at)
    or (stays.left_at is null) <> (stays.stay_number = stays.last_stay_number)
    or (stays.left_at is null and stays.status_id <> flow.current_status_id)
    or stays.duration_seconds < 0
