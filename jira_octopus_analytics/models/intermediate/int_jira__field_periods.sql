-- One row per issue per tracked field (int_jira__tracked_fields) per period in which the field held one value:
-- period 0 runs from creation to the first change and holds the first change's `from` (or, with no change at all,
-- today's value); each change opens the next period. valid_to is null for the current value. Changes in the same
-- second keep Jira's order (changelog id, then item position). For status and project, whose ids are known
-- today, a history that ends in another value than today's gets a last period with today's value from the issue's
-- `updated` on (as jira__issue_status_stays does). Deleted issues are left out.
with issues as (
    select * from {{ ref('int_jira__issues') }}
    where not is_deleted
),

tracked_fields as (
    select * from {{ ref('int_jira__tracked_fields') }}
),

field_history as (
    select * from {{ ref('stg_jira__issue_field_history') }}
),

sprint_issues as (
    select * from {{ ref('stg_jira__sprint_issues') }}
),

-- a change names its field by id, or by name only (older Data Center): one equi-join over both spellings
field_spellings as (
    select field_key, field_id as spelling from tracked_fields
    union
    select field_key, field_name as spelling from tracked_fields
),

changes as (
    select
        field_history.issue_id,
        field_spellings.field_key,
        field_history.changed_at,
        nullif(trim(coalesce(field_history.from_value, field_history.from_string)), '') as from_value,
        nullif(trim(field_history.from_string), '') as from_display,
        nullif(trim(coalesce(field_history.to_value, field_history.to_string)), '') as to_value,
        nullif(trim(field_history.to_string), '') as to_display,
        row_number() over (
            partition by field_history.issue_id, field_spellings.field_key
            order by field_history.changed_at, field_history.changelog_sequence, field_history.changelog_id,
                field_history.item_index
        ) as change_number
    from field_history
    inner join field_spellings on field_spellings.spelling = field_history.field_id
    inner join issues on issues.issue_id = field_history.issue_id
),

current_sprints as (
    select
        issue_id,
        {{ dbt.listagg('sprint_id', "', '", 'order by sprint_id') }} as sprint_ids
    from sprint_issues
    group by issue_id
),

-- today's value, for issues whose field never changed
current_values as (
    select
        issues.issue_id,
        tracked_fields.field_key,
        case
            when tracked_fields.field_key = 'status' then issues.status_id
            when tracked_fields.field_key = 'project' then issues.project_id
            when tracked_fields.field_key = 'assignee' then issues.assignee_id
            when tracked_fields.field_key = 'sprint' then current_sprints.sprint_ids
            else {{ jira_octopus.jira_field_value('issues.fields_json', 'tracked_fields.field_id') }}
        end as field_value,
        case
            when tracked_fields.field_key = 'status' then issues.status_name
            when tracked_fields.field_key = 'project' then issues.project_key
        end as field_display
    from issues
    cross join tracked_fields
    left join current_sprints on current_sprints.issue_id = issues.issue_id
),

first_periods as (
    select
        current_values.issue_id,
        current_values.field_key,
        0 as period_number,
        issues.created_at as valid_from,
        case when changes.issue_id is null then current_values.field_value else changes.from_value end as field_value,
        case when changes.issue_id is null then current_values.field_display else changes.from_display end
            as field_display
    from current_values
    inner join issues on issues.issue_id = current_values.issue_id
    left join changes
        on changes.issue_id = current_values.issue_id
        and changes.field_key = current_values.field_key
        and changes.change_number = 1
),

later_periods as (
    select
        issue_id,
        field_key,
        change_number as period_number,
        changed_at as valid_from,
        to_value as field_value,
        to_display as field_display
    from changes
),

last_changes as (
    select changes.*
    from changes
    inner join (
        select issue_id, field_key, max(change_number) as change_number
        from changes
        group by issue_id, field_key
    ) as latest
        on latest.issue_id = changes.issue_id
        and latest.field_key = changes.field_key
        and latest.change_number = changes.change_number
),

missing_last_periods as (
    select
        last_changes.issue_id,
        last_changes.field_key,
        last_changes.change_number + 1 as period_number,
        case when issues.updated_at > last_changes.changed_at then issues.updated_at else last_changes.changed_at end
            as valid_from,
        current_values.field_value,
        current_values.field_display
    from last_changes
    inner join issues on issues.issue_id = last_changes.issue_id
    inner join current_values
        on current_values.issue_id = last_changes.issue_id
        and current_values.field_key = last_changes.field_key
    where last_changes.field_key in ('status', 'project')
        and last_changes.to_value <> current_values.field_value
),

periods as (
    select * from first_periods
    union all
    select * from later_periods
    union all
    select * from missing_last_periods
),

final as (
    select
        periods.issue_id,
        periods.field_key,
        cast(periods.period_number as {{ dbt.type_bigint() }}) as period_number,
        periods.valid_from,
        lead(periods.valid_from) over (
            partition by periods.issue_id, periods.field_key order by periods.period_number
        ) as valid_to,
        periods.field_value,
        periods.field_display
    from periods
)

select * from final
