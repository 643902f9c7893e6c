-- One row per day x project x status category: how many issues were in that project and a status of that category
-- at the end of the day (issues are counted in the project they were in that day). Rows start on the pair's first
-- non-zero day and run to the last day (var jira_octopus_daily_end_date, else today), zeros included.
-- Counted with deltas: a status stay and a project period overlap on a range of days; +1 on its first day, -1 the
-- day after its last, then a running sum. A period counts on the days whose end falls inside it.
with stays as (
    select * from {{ ref('jira__issue_status_stays') }}
),

project_periods as (
    select * from {{ ref('int_jira__field_periods') }}
    where field_key = 'project'
),

projects as (
    select * from {{ ref('stg_jira__projects') }}
),

stay_days as (
    select
        issue_id,
        status_category,
        cast(entered_at as date) as first_day,
        case when left_at is not null then {{ dbt.dateadd('day', -1, dbt.cast('left_at', 'date')) }} end as last_day
    from stays
),

project_days as (
    select
        issue_id,
        field_value as project_id,
        field_display as project_display,
        cast(valid_from as date) as first_day,
        case when valid_to is not null then {{ dbt.dateadd('day', -1, dbt.cast('valid_to', 'date')) }} end as last_day
    from project_periods
),

stay_project_overlaps as (
    select
        project_days.project_id,
        project_days.project_display,
        stay_days.status_category,
        greatest(stay_days.first_day, project_days.first_day) as first_day,
        case
            when stay_days.last_day is null then project_days.last_day
            when project_days.last_day is null then stay_days.last_day
            else least(stay_days.last_day, project_days.last_day)
        end as last_day
    from stay_days
    inner join project_days on project_days.issue_id = stay_days.issue_id
),

deltas as (
    select project_id, status_category, cast(first_day as date) as day, 1 as delta
    from stay_project_overlaps
    where last_day is null or last_day >= first_day
    union all
    select project_id, status_category, cast({{ dbt.dateadd('day', 1, 'last_day') }} as date) as day, -1 as delta
    from stay_project_overlaps
    where last_day is not null and last_day >= first_day
),

daily_deltas as (
    select project_id, status_category, day, sum(delta) as delta
    from deltas
    group by project_id, status_category, day
),

pairs as (
    select project_id, status_category, min(day) as first_day
    from daily_deltas
    group by project_id, status_category
),

spine as (
    select day from {{ jira_octopus.day_spine('(select min(first_day) from pairs)', jira_octopus_daily_end_date()) }}
        as days
),

pair_days as (
    select pairs.project_id, pairs.status_category, spine.day
    from pairs
    inner join spine on spine.day >= pairs.first_day
),

counted as (
    select
        pair_days.day,
        pair_days.project_id,
        pair_days.status_category,
        sum(coalesce(daily_deltas.delta, 0)) over (
            partition by pair_days.project_id, pair_days.status_category
            order by pair_days.day
            rows between unbounded preceding and current row
        ) as issue_count
    from pair_days
    left join daily_deltas
        on daily_deltas.project_id = pair_days.project_id
        and daily_deltas.status_category = pair_days.status_category
        and daily_deltas.day = pair_days.day
),

project_names as (
    select project_id, max(project_display) as project_display
    from project_days
    group by project_id
),

final as (
    select
        counted.day,
        counted.project_id,
        coalesce(projects.project_key, project_names.project_display, counted.project_id) as project_key,
        counted.status_category,
        cast(counted.issue_count as {{ dbt.type_bigint() }}) as issue_count
    from counted
    left join projects on projects.project_id = counted.project_id
    left join project_names on project_names.project_id = counted.project_id
    where counted.day >= {{ jira_octopus_daily_start_date('counted.day') }}
)

select * from final
