-- One row per issue (deleted ones left out): created, first in progress, done, lead and cycle time, reopens.
-- done_at: when the issue entered the done-category run it is still in (Done -> Closed keeps the Done entry);
-- null while the current status is not done.
with issues as (
    select * from {{ ref('int_jira__issues') }}
    where not is_deleted
),

stays as (
    select * from {{ ref('jira__issue_status_stays') }}
),

stays_with_previous as (
    select
        *,
        lag(status_category) over (partition by issue_id order by stay_number) as previous_status_category
    from stays
),

per_issue as (
    select
        issue_id,
        min(case when status_category = 'indeterminate' then entered_at end) as first_in_progress_at,
        max(case when status_category <> 'done' then left_at end) as last_left_not_done_at,
        max(case when left_at is null then status_category end) as current_stay_category,
        sum(
            case when previous_status_category = 'done' and status_category <> 'done' then 1 else 0 end
        ) as times_reopened
    from stays_with_previous
    group by issue_id
),

final as (
    select
        issues.issue_id,
        issues.issue_key,
        issues.project_id,
        issues.project_key,
        issues.issue_type_id,
        issues.issue_type_name as issue_type,
        issues.status_id as current_status_id,
        issues.status_name as current_status,
        per_issue.current_stay_category as current_status_category,
        issues.created_at,
        issues.resolved_at,
        per_issue.first_in_progress_at,
        case
            when per_issue.current_stay_category = 'done'
                then coalesce(per_issue.last_left_not_done_at, issues.created_at)
        end as done_at,
        cast(per_issue.times_reopened as {{ dbt.type_bigint() }}) as times_reopened
    from issues
    inner join per_issue on per_issue.issue_id = issues.issue_id
)

select
    *,
    cast({{ jira_octopus.seconds_between('created_at', 'done_at') }} as {{ dbt.type_bigint() }}) as lead_time_seconds,
    cast({{ jira_octopus.seconds_between('first_in_progress_at', 'done_at') }} as {{ dbt.type_bigint() }})
        as cycle_time_seconds
from final
