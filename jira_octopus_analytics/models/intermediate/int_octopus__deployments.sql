-- One row per deployment with its names, its task's outcome, guided failure and whether it redeploys a release.
-- The outcome is explicit for every case (see octopus__deployments in schema.yml): a deployment whose task was not
-- loaded (retention deleted it, or the task stream was not synced) is `no_task`, never a success or a failure.
with deployments as (
    select * from {{ ref('stg_octopus__deployments') }}
),

tasks as (
    select * from {{ ref('stg_octopus__tasks') }}
),

interruptions as (
    select * from {{ ref('stg_octopus__interruptions') }}
),

releases as (
    select * from {{ ref('stg_octopus__releases') }}
),

spaces as (
    select * from {{ ref('stg_octopus__spaces') }}
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

channels as (
    select * from {{ ref('stg_octopus__channels') }}
),

-- Guided failure prompts carry a `Guidance` form value (Fail / Retry / Ignore / Exclude machine); manual
-- interventions carry `Instructions` / `Result` instead.
task_interruptions as (
    select
        task_id,
        count(*) as interruption_count,
        sum(
            case when {{ jira_octopus.json_string('form_json', ['Values', 'Guidance']) }} is not null then 1 else 0 end
        ) as guided_failure_count
    from interruptions
    where task_id is not null
    group by task_id
),

joined as (
    select
        deployments.deployment_id,
        deployments.deployment_name,
        deployments.space_id,
        spaces.space_name,
        deployments.project_id,
        projects.project_name,
        deployments.environment_id,
        environments.environment_name,
        environments.sort_order as environment_sort_order,
        deployments.tenant_id,
        tenants.tenant_name,
        deployments.channel_id,
        channels.channel_name,
        deployments.release_id,
        releases.release_version,
        releases.assembled_at as release_assembled_at,
        deployments.task_id,
        tasks.task_id is not null as has_task,
        tasks.task_state,
        deployments.deployed_by,
        deployments.created_at,
        coalesce(tasks.queued_at, deployments.queue_time) as queued_at,
        tasks.started_at,
        tasks.completed_at,
        deployments.uses_guided_failure,
        deployments.failure_encountered,
        coalesce(task_interruptions.interruption_count, 0) as interruption_count,
        coalesce(task_interruptions.guided_failure_count, 0) as guided_failure_count,
        {{ jira_octopus.is_production_environment('environments.environment_name') }} as is_production
    from deployments
    left join tasks on tasks.task_id = deployments.task_id
    left join task_interruptions on task_interruptions.task_id = deployments.task_id
    left join releases on releases.release_id = deployments.release_id
    left join spaces on spaces.space_id = deployments.space_id
    left join projects on projects.project_id = deployments.project_id
    left join environments on environments.environment_id = deployments.environment_id
    left join tenants on tenants.tenant_id = deployments.tenant_id
    left join channels on channels.channel_id = deployments.channel_id
),

classified as (
    select
        *,
        -- A guided failure happened when Octopus prompted for guidance, or when a deployment run with guided failure
        -- encountered a failure and still went on.
        (guided_failure_count > 0 or (uses_guided_failure and failure_encountered)) as had_guided_failure,
        case
            when not has_task then 'no_task'
            when task_state = 'Success' then 'success'
            when task_state = 'Failed' then 'failed'
            when task_state in ('Canceled', 'Cancelling') then 'canceled'
            when task_state = 'TimedOut' then 'timed_out'
            when task_state = 'Executing' then 'executing'
            when task_state = 'Queued' then 'queued'
            else 'unknown'
        end as outcome
    from joined
),

outcomes as (
    select
        *,
        outcome in ('success', 'failed') as is_completed,
        outcome = 'success' as is_successful,
        (outcome = 'failed' or (outcome = 'success' and had_guided_failure)) as is_failure,
        {{ jira_octopus.seconds_between('started_at', 'completed_at') }} as duration_seconds,
        {{ jira_octopus.seconds_between('queued_at', 'started_at') }} as queue_wait_seconds
    from classified
),

final as (
    select
        *,
        -- The same release already deployed to the same project, environment and tenant: a deployment created
        -- earlier for that release ran to completion (Success or Failed) before this one was created.
        coalesce(
            max(case when outcome in ('success', 'failed') then completed_at end) over (
                partition by project_id, environment_id, tenant_id, release_id
                order by created_at, deployment_id
                rows between unbounded preceding and 1 preceding
            ) <= created_at,
            false
        ) as is_redeployment
    from outcomes
)

select * from final
