{{
    config(
        materialized='incremental',
        unique_key='issue_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook="delete from {{ this }} where issue_id in (select issue_id from {{ ref('int_jira__issues') }} where is_deleted)"
    )
}}
-- One row per issue per day from its creation to the day it was done (today, or var jira_octopus_daily_end_date,
-- while it is not done), with each followed field's value at the end of that day: one column per entry of var
-- jira_octopus_issue_history_fields. Incremental: a run rebuilds only the issues updated since the last run and
-- the issues not yet done (their days grow); deleted issues are removed.
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

issue_days as (
    select
        issues.issue_id,
        issues.issue_key,
        issues.project_key,
        issues.updated_at as issue_updated_at,
        greatest(cast(issues.created_at as date), {{ jira_octopus_daily_start_date('issues.created_at') }}) as first_day,
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

spine as (
    select day from {{ jira_octopus.day_spine(
        '(select min(first_day) from issue_days)', '(select max(last_day) from issue_days)') }} as days
),

issue_spine as (
    select issue_days.*, spine.day
    from issue_days
    inner join spine on spine.day between issue_days.first_day and issue_days.last_day
),

values_at_day_end as (
    select
        issue_spine.issue_id,
        issue_spine.day,
        periods.field_key,
        periods.field_value
    from issue_spine
    inner join periods
        on periods.issue_id = issue_spine.issue_id
        and periods.valid_from < {{ dbt.dateadd('day', 1, dbt.cast('issue_spine.day', dbt.type_timestamp())) }}
        and {{ jira_octopus.open_end('periods.valid_to') }}
            >= {{ dbt.dateadd('day', 1, dbt.cast('issue_spine.day', dbt.type_timestamp())) }}
),

final as (
    select
        {{ dbt.concat(['issue_spine.issue_id', "':'", dbt.cast('issue_spine.day', dbt.type_string())]) }}
            as issue_day_id,
        issue_spine.issue_id,
        issue_spine.issue_key,
        issue_spine.project_key,
        issue_spine.day,
        {%- for field_key in field_keys %}
        max(case when values_at_day_end.field_key = '{{ field_key }}' then values_at_day_end.field_value end)
            as {{ modules.re.sub('[^a-z0-9_]', '_', field_key | lower) }},
        {%- endfor %}
        issue_spine.issue_updated_at
    from issue_spine
    left join values_at_day_end
        on values_at_day_end.issue_id = issue_spine.issue_id
        and values_at_day_end.day = issue_spine.day
    group by issue_spine.issue_id, issue_spine.issue_key, issue_spine.project_key, issue_spine.day,
        issue_spine.issue_updated_at
)

select * from final
