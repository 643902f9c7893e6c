-- Per Jira project per week (Monday) of first successful production deployment: how many issues reached
-- production, and the median and 85th percentile of created -> production and resolved -> production.
-- Only keys Jira knows (a project and a creation time are needed).
with issues as (
    select * from {{ ref('lineage__issue_to_production') }}
    where is_in_jira and first_production_deployed_at is not null
),

weeks as (
    select
        *,
        cast({{ dbt.date_trunc('week', 'first_production_deployed_at') }} as date) as week_start
    from issues
),

final as (
    select
        jira_project_key || '|' || cast(week_start as {{ dbt.type_string() }}) as project_week_id,
        jira_project_key,
        week_start,
        count(*) as issues_to_production,
        {{ jira_octopus.percentile_cont('created_to_production_seconds', 0.5) }} as created_to_production_median_seconds,
        {{ jira_octopus.percentile_cont('created_to_production_seconds', 0.85) }} as created_to_production_p85_seconds,
        count(resolved_to_production_seconds) as resolved_issues_to_production,
        {{ jira_octopus.percentile_cont('resolved_to_production_seconds', 0.5) }} as resolved_to_production_median_seconds,
        {{ jira_octopus.percentile_cont('resolved_to_production_seconds', 0.85) }} as resolved_to_production_p85_seconds
    from weeks
    group by jira_project_key, week_start
)

select * from final
