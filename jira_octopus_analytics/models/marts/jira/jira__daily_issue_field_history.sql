{{
    config(
        materialized='incremental',
        unique_key='issue_day_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        pre_hook="{% if is_incremental() %}delete from {{ this }} where issue_id in (select issue_id from {{ ref('int_jira__issues') }} where updated_at > (select max(issue_updated_at) from {{ this }})){% endif %}",
        post_hook="delete from {{ this }} where issue_id in (select issue_id from {{ ref('int_jira__issues') }} where is_deleted)"
    )
}}
-- One row per issue per day from its creation to the day it was done (today, or var jira_octopus_daily_end_date,
-- while it is not done), with each followed field's value at the end of that day: one column per entry of var
-- jira_octopus_issue_history_fields. Incremental: a run rebuilds the issues updated since the last run (the
-- pre-hook first removes their rows) and adds to the issues not yet done only the days after the last run's last
-- day (their older days cannot have changed without a newer `updated`); deleted issues are removed.
{%- set field_keys = var('jira_octopus_issue_history_fields') %}
with issues as (
    select * from {{ ref('int_jira__issues') }}
    where not is_deleted
),

flow as (
    select * from {{ ref('jira__issue_flow') }}
),

periods as (
    select * from {{ ref('int_jira__field_periods') }}
),

issue_ranges as (
    select
        issues.issue_id,
        issues.issue_key,
        issues.project_key,
        issues.updated_at as issue_updated_at,
        {%- set whole_first_day %}greatest(cast(issues.created_at as date), {{ jira_octopus_daily_start_date('issues.created_at') }}){% endset %}
        {%- if is_incremental() %}
        case
            when issues.updated_at > (select max(issue_updated_at) from {{ this }}) then {{ whole_first_day }}
            else greatest({{ whole_first_day }}, cast({{ dbt.dateadd('day', 1, '(select max(day) from ' ~ this ~ ')') }} as date))
        end as first_day,
        {%- else %}
        {{ whole_first_day }} as first_day,
        {%- endif %}
        least(
            coalesce(cast(flow.done_at as date), {{ jira_octopus_daily_end_date() }}),
            {{ jira_octopus_daily_end_date() }}
        ) as last_day
    from issues
    inner join flow on flow.issue_id = issues.issue_id
    {%- if is_incremental() %}
    where issues.updated_at > (select max(issue_updated_at) from {{ this }})
        or flow.done_at is null
    {%- endif %}
),

-- the days to build: all of an issue's days, or (incremental, open and unchanged) the days after the last run's
issue_days as (
    select * from issue_ranges
    where first_day <= last_day
),

-- A period holds the field's value at the end of the days [its first day, the day it ended - 1]: one that starts
-- and ends on the same day holds no day's end (a later change that day wins). Only periods inside the issue's days.
period_days as (
    select
        periods.issue_id,
        periods.field_key,
        periods.field_value,
        cast(periods.valid_from as date) as from_day,
        cast({{ jira_octopus.open_end('periods.valid_to') }} as date) as until_day
    from periods
    inner join issue_days on issue_days.issue_id = periods.issue_id
    where cast(periods.valid_from as date) < cast({{ jira_octopus.open_end('periods.valid_to') }} as date)
        and cast(periods.valid_from as date) <= issue_days.last_day
        and cast({{ jira_octopus.open_end('periods.valid_to') }} as date) > issue_days.first_day
),

-- The days on which some field's day-end value changes, and each issue's first day: the rows of a compact SCD2
change_days as (
    select period_days.issue_id, greatest(period_days.from_day, issue_days.first_day) as day
    from period_days
    inner join issue_days on issue_days.issue_id = period_days.issue_id
    union
    select issue_id, first_day as day from issue_days
),

change_day_ranges as (
    select
        change_days.issue_id,
        change_days.day as from_day,
        cast(coalesce(
            {{ dbt.dateadd('day', -1, 'lead(change_days.day) over (partition by change_days.issue_id order by change_days.day)') }},
            issue_days.last_day
        ) as date) as to_day
    from change_days
    inner join issue_days on issue_days.issue_id = change_days.issue_id
    where change_days.day <= issue_days.last_day
),

-- Each field's value from a change day to the day before the next one: one row per issue per change day
values_by_range as (
    select
        change_day_ranges.issue_id,
        change_day_ranges.from_day,
        change_day_ranges.to_day
        {%- for field_key in field_keys %},
        max(case when period_days.field_key = '{{ field_key }}' then period_days.field_value end)
            as {{ modules.re.sub('[^a-z0-9_]', '_', field_key | lower) }}
        {%- endfor %}
    from change_day_ranges
    left join period_days
        on period_days.issue_id = change_day_ranges.issue_id
        and period_days.from_day <= change_day_ranges.from_day
        and period_days.until_day > change_day_ranges.from_day
    group by change_day_ranges.issue_id, change_day_ranges.from_day, change_day_ranges.to_day
),

spine as (
    select day from {{ jira_octopus.day_spine(
        '(select min(first_day) from issue_days)', '(select max(last_day) from issue_days)') }} as days
),

final as (
    select
        {{ dbt.concat(['issue_days.issue_id', "':'", dbt.cast('spine.day', dbt.type_string())]) }}
            as issue_day_id,
        issue_days.issue_id,
        issue_days.issue_key,
        issue_days.project_key,
        spine.day,
        {%- for field_key in field_keys %}
        values_by_range.{{ modules.re.sub('[^a-z0-9_]', '_', field_key | lower) }},
        {%- endfor %}
        issue_days.issue_updated_at
    from values_by_range
    inner join spine on spine.day between values_by_range.from_day and values_by_range.to_day
    inner join issue_days on issue_days.issue_id = values_by_range.issue_id
)

select * from final
