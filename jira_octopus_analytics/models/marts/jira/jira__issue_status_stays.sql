-- One row per issue per status stay: from entering a status to leaving it (left_at null: the issue is still there).
-- The first stay starts at creation in the first change's `from` status, or in the current status when the issue
-- has no status change. When the loaded history ends in another status than the issue's current one (history
-- behind the issue, or a status set without a changelog entry), a last stay in the current status starts at the
-- issue's `updated` (the latest moment the change can have happened). Deleted issues are left out.
with issues as (
    select * from {{ ref('int_jira__issues') }}
    where not is_deleted
),

status_changes as (
    select * from {{ ref('int_jira__status_changes') }}
),

statuses as (
    select * from {{ ref('stg_jira__statuses') }}
),

first_stays as (
    select
        issues.issue_id,
        0 as change_number,
        coalesce(status_changes.from_status_id, issues.status_id) as status_id,
        coalesce(status_changes.from_status_name, issues.status_name) as status_name_as_recorded,
        issues.created_at as entered_at
    from issues
    left join status_changes
        on status_changes.issue_id = issues.issue_id
        and status_changes.change_number = 1
),

later_stays as (
    select
        status_changes.issue_id,
        status_changes.change_number,
        status_changes.to_status_id as status_id,
        status_changes.to_status_name as status_name_as_recorded,
        status_changes.changed_at as entered_at
    from status_changes
    inner join issues on issues.issue_id = status_changes.issue_id
),

last_changes as (
    select issue_id, max(change_number) as change_number, max(changed_at) as changed_at
    from status_changes
    group by issue_id
),

missing_last_stays as (
    select
        issues.issue_id,
        last_changes.change_number + 1 as change_number,
        issues.status_id,
        issues.status_name as status_name_as_recorded,
        case when issues.updated_at > last_changes.changed_at then issues.updated_at else last_changes.changed_at end
            as entered_at
    from issues
    inner join last_changes on last_changes.issue_id = issues.issue_id
    inner join status_changes
        on status_changes.issue_id = last_changes.issue_id
        and status_changes.change_number = last_changes.change_number
    where status_changes.to_status_id <> issues.status_id
),

stays as (
    select * from first_stays
    union all
    select * from later_stays
    union all
    select * from missing_last_stays
),

bounded as (
    select
        stays.*,
        lead(entered_at) over (partition by issue_id order by change_number) as left_at
    from stays
),

final as (
    select
        {{ dbt.concat(['bounded.issue_id', "':'", dbt.cast('bounded.change_number + 1', dbt.type_string())]) }}
            as status_stay_id,
        bounded.issue_id,
        issues.issue_key,
        issues.project_key,
        bounded.status_id,
        coalesce(statuses.status_name, bounded.status_name_as_recorded) as status_name,
        coalesce(
            statuses.status_category_key,
            case when bounded.status_id = issues.status_id then issues.status_category end,
            'undefined'
        ) as status_category,
        cast(bounded.change_number + 1 as {{ dbt.type_bigint() }}) as stay_number,
        bounded.entered_at,
        bounded.left_at,
        cast({{ jira_octopus.seconds_between('bounded.entered_at', 'bounded.left_at') }} as {{ dbt.type_bigint() }})
            as duration_seconds
    from bounded
    inner join issues on issues.issue_id = bounded.issue_id
    left join statuses on statuses.status_id = bounded.status_id
)

select * from final
