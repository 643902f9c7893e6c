{#
    The body of octopus__dora_daily / _weekly / _monthly: one row per project x environment x tenant (null:
    untenanted) x period (`grain`: day, week or month) with any deployment or Jira incident activity. Medians are
    taken over the deployments of the period (never averaged from a finer grain). A deployment belongs to the period
    its task completed in; one that never completed (no task, queued, executing) to the period it was queued or
    created in. Definitions: README.md, "Octopus, DORA and lineage".
#}
{% macro octopus_dora_by_period(grain) %}
{%- set period_days -%}
    {%- if grain == 'day' -%}1
    {%- elif grain == 'week' -%}7
    {%- else -%}{{ dbt.datediff('keys.period_start', dbt.dateadd('month', 1, 'keys.period_start'), 'day') }}
    {%- endif -%}
{%- endset -%}
with deployments as (
    select * from {{ ref('octopus__deployments') }}
),

incidents as (
    {%- if var('jira_octopus_using_jira', true) %}
    select * from {{ ref('int_jira__incidents') }}
    {%- else %}
    -- Jira is not loaded (var jira_octopus_using_jira): no incidents, the jira_incident* columns are 0 / null
    select
        cast(null as {{ dbt.type_string() }}) as project_id,
        cast(null as {{ dbt.type_string() }}) as environment_id,
        cast(null as {{ dbt.type_string() }}) as tenant_id,
        cast(null as {{ dbt.type_timestamp() }}) as created_at,
        cast(null as {{ dbt.type_timestamp() }}) as resolved_at,
        cast(null as {{ dbt.type_bigint() }}) as recovery_seconds
    where 1 = 0
    {%- endif %}
),

projects as (
    select * from {{ ref('stg_octopus__projects') }}
),

environments as (
    select * from {{ ref('stg_octopus__environments') }}
),

tenants as (
    select * from {{ ref('stg_octopus__tenants') }}
),

deployment_periods as (
    select
        *,
        cast({{ dbt.date_trunc(grain, 'coalesce(completed_at, queued_at, created_at)') }} as date) as period_start
    from deployments
),

deployment_figures as (
    select
        project_id,
        environment_id,
        tenant_id,
        period_start,
        count(*) as deployments,
        count(case when is_completed then 1 end) as completed_deployments,
        count(case when is_successful then 1 end) as successful_deployments,
        count(case when is_failure then 1 end) as failed_deployments,
        count(case when outcome = 'canceled' then 1 end) as canceled_deployments,
        count(case when outcome = 'timed_out' then 1 end) as timed_out_deployments,
        count(case when outcome = 'no_task' then 1 end) as deployments_without_task,
        count(case when is_rework then 1 end) as rework_deployments,
        count(lead_time_seconds) as lead_time_deployments,
        {{ jira_octopus.percentile_cont('lead_time_seconds', 0.5) }} as lead_time_median_seconds,
        count(recovery_seconds) as recoveries,
        {{ jira_octopus.percentile_cont('recovery_seconds', 0.5) }} as recovery_median_seconds
    from deployment_periods
    group by project_id, environment_id, tenant_id, period_start
),

incidents_opened as (
    select
        project_id,
        environment_id,
        tenant_id,
        cast({{ dbt.date_trunc(grain, 'created_at') }} as date) as period_start,
        count(*) as jira_incidents_opened
    from incidents
    group by 1, 2, 3, 4
),

incidents_resolved as (
    select
        project_id,
        environment_id,
        tenant_id,
        cast({{ dbt.date_trunc(grain, 'resolved_at') }} as date) as period_start,
        count(*) as jira_incidents_resolved,
        {{ jira_octopus.percentile_cont('recovery_seconds', 0.5) }} as jira_incident_recovery_median_seconds
    from incidents
    where resolved_at is not null
    group by 1, 2, 3, 4
),

keys as (
    select project_id, environment_id, tenant_id, period_start from deployment_figures
    union
    select project_id, environment_id, tenant_id, period_start from incidents_opened
    union
    select project_id, environment_id, tenant_id, period_start from incidents_resolved
),

final as (
    select
        keys.project_id || '|' || keys.environment_id || '|' || coalesce(keys.tenant_id, '') || '|'
            || cast(keys.period_start as {{ dbt.type_string() }}) as stream_period_id,
        keys.project_id,
        projects.project_name,
        projects.space_id,
        keys.environment_id,
        environments.environment_name,
        {{ jira_octopus.is_production_environment('environments.environment_name') }} as is_production,
        keys.tenant_id,
        tenants.tenant_name,
        keys.period_start,
        coalesce(deployment_figures.deployments, 0) as deployments,
        coalesce(deployment_figures.completed_deployments, 0) as completed_deployments,
        coalesce(deployment_figures.successful_deployments, 0) as successful_deployments,
        coalesce(deployment_figures.failed_deployments, 0) as failed_deployments,
        coalesce(deployment_figures.canceled_deployments, 0) as canceled_deployments,
        coalesce(deployment_figures.timed_out_deployments, 0) as timed_out_deployments,
        coalesce(deployment_figures.deployments_without_task, 0) as deployments_without_task,
        {{ jira_octopus.safe_ratio('coalesce(deployment_figures.successful_deployments, 0)', period_days) }}
            as deployments_per_day,
        coalesce(deployment_figures.lead_time_deployments, 0) as lead_time_deployments,
        deployment_figures.lead_time_median_seconds,
        {{ jira_octopus.safe_ratio('deployment_figures.failed_deployments', 'deployment_figures.completed_deployments') }}
            as change_failure_rate,
        coalesce(deployment_figures.recoveries, 0) as recoveries,
        deployment_figures.recovery_median_seconds,
        coalesce(deployment_figures.rework_deployments, 0) as rework_deployments,
        {{ jira_octopus.safe_ratio('deployment_figures.rework_deployments', 'deployment_figures.completed_deployments') }}
            as rework_rate,
        coalesce(incidents_opened.jira_incidents_opened, 0) as jira_incidents_opened,
        coalesce(incidents_resolved.jira_incidents_resolved, 0) as jira_incidents_resolved,
        incidents_resolved.jira_incident_recovery_median_seconds,
        {{ jira_octopus.safe_ratio('coalesce(incidents_opened.jira_incidents_opened, 0)', 'deployment_figures.successful_deployments') }}
            as jira_change_failure_rate
    from keys
    left join deployment_figures
        on deployment_figures.project_id = keys.project_id
        and deployment_figures.environment_id = keys.environment_id
        and coalesce(deployment_figures.tenant_id, '') = coalesce(keys.tenant_id, '')
        and deployment_figures.period_start = keys.period_start
    left join incidents_opened
        on incidents_opened.project_id = keys.project_id
        and incidents_opened.environment_id = keys.environment_id
        and coalesce(incidents_opened.tenant_id, '') = coalesce(keys.tenant_id, '')
        and incidents_opened.period_start = keys.period_start
    left join incidents_resolved
        on incidents_resolved.project_id = keys.project_id
        and incidents_resolved.environment_id = keys.environment_id
        and coalesce(incidents_resolved.tenant_id, '') = coalesce(keys.tenant_id, '')
        and incidents_resolved.period_start = keys.period_start
    left join projects on projects.project_id = keys.project_id
    left join environments on environments.environment_id = keys.environment_id
    left join tenants on tenants.tenant_id = keys.tenant_id
)

select * from final
{% endmacro %}
