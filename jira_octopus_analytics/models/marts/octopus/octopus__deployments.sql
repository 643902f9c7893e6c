-- One row per deployment: names, outcome, times, guided failure, redeployment, production, and the per-deployment
-- DORA facts the period marts aggregate (Octopus' definitions; see the README's "Octopus, DORA and lineage" section).
-- A stream is one project x environment x tenant (tenant null = untenanted), as in Octopus Insights.
with deployments as (
    select * from {{ ref('int_octopus__deployments') }}
),

releases as (
    select * from {{ ref('stg_octopus__releases') }}
),

-- Completed deployments (task Success or Failed) in the order they finished on their stream.
completed as (
    select
        deployment_id,
        project_id,
        environment_id,
        tenant_id,
        channel_id,
        release_id,
        release_assembled_at,
        completed_at,
        is_successful,
        is_failure,
        is_redeployment,
        lag(is_failure) over (
            partition by project_id, environment_id, tenant_id order by completed_at, deployment_id
        ) as previous_was_failure,
        -- Clean successes so far (this row included): the failures after the k-th clean success and the clean
        -- success that ends them share recovery group k.
        sum(case when is_successful and not is_failure then 1 else 0 end) over (
            partition by project_id, environment_id, tenant_id
            order by completed_at, deployment_id
            rows between unbounded preceding and current row
        ) as clean_successes_so_far
    from deployments
    where is_completed
),

successful as (
    select
        deployment_id,
        project_id,
        channel_id,
        release_id,
        release_assembled_at,
        lag(release_assembled_at) over (
            partition by project_id, environment_id, tenant_id order by completed_at, deployment_id
        ) as previous_release_assembled_at,
        lag(release_id) over (
            partition by project_id, environment_id, tenant_id order by completed_at, deployment_id
        ) as previous_release_id
    from completed
    where is_successful
),

-- Octopus lead time: from the creation of the earliest release of the project's channel that this deployment brings
-- to the stream for the first time (created after the release of the previous successful deployment, up to this
-- deployment's release) to this deployment's completion. The first successful deployment of a stream counts from
-- its own release; a redeployment or a rollback brings no new release and has no lead time.
lead_time_starts as (
    select
        successful.deployment_id,
        min(releases.assembled_at) as lead_time_started_at
    from successful
    inner join releases
        on releases.project_id = successful.project_id
        and coalesce(releases.channel_id, '') = coalesce(successful.channel_id, '')
        and releases.assembled_at > successful.previous_release_assembled_at
        and releases.assembled_at <= successful.release_assembled_at
    where successful.previous_release_id <> successful.release_id
    group by successful.deployment_id
    union all
    select deployment_id, release_assembled_at as lead_time_started_at
    from successful
    where previous_release_id is null
),

failures as (
    select
        project_id,
        environment_id,
        tenant_id,
        clean_successes_so_far as recovery_group,
        deployment_id,
        completed_at,
        row_number() over (
            partition by project_id, environment_id, tenant_id, clean_successes_so_far
            order by completed_at, deployment_id
        ) as failure_number,
        count(*) over (partition by project_id, environment_id, tenant_id, clean_successes_so_far) as failures_in_run
    from completed
    where is_failure
),

failure_runs as (
    select
        project_id,
        environment_id,
        tenant_id,
        recovery_group,
        completed_at as first_failed_at,
        failures_in_run as failed_deployments,
        deployment_id as first_failed_deployment_id
    from failures
    where failure_number = 1
),

-- Octopus recovery: a clean success (not itself a failure) that follows one or more failures of its stream recovers
-- from them; the time runs from the first of those failures' completion to this deployment's completion.
recoveries as (
    select
        completed.deployment_id,
        failure_runs.first_failed_deployment_id as recovered_from_deployment_id,
        failure_runs.failed_deployments as deployments_until_recovery,
        {{ jira_octopus.seconds_between('failure_runs.first_failed_at', 'completed.completed_at') }} as recovery_seconds
    from completed
    inner join failure_runs
        on failure_runs.project_id = completed.project_id
        and failure_runs.environment_id = completed.environment_id
        and coalesce(failure_runs.tenant_id, '') = coalesce(completed.tenant_id, '')
        and failure_runs.recovery_group = completed.clean_successes_so_far - 1
    where completed.is_successful and not completed.is_failure
),

final as (
    select
        deployments.deployment_id,
        deployments.deployment_name,
        deployments.space_id,
        deployments.space_name,
        deployments.project_id,
        deployments.project_name,
        deployments.environment_id,
        deployments.environment_name,
        deployments.is_production,
        deployments.tenant_id,
        deployments.tenant_name,
        deployments.channel_id,
        deployments.channel_name,
        deployments.release_id,
        deployments.release_version,
        deployments.release_assembled_at,
        deployments.task_id,
        deployments.has_task,
        deployments.task_state,
        deployments.outcome,
        deployments.deployed_by,
        deployments.created_at,
        deployments.queued_at,
        deployments.started_at,
        deployments.completed_at,
        deployments.queue_wait_seconds,
        deployments.duration_seconds,
        deployments.interruption_count,
        deployments.guided_failure_count,
        deployments.had_guided_failure,
        deployments.is_completed,
        deployments.is_successful,
        deployments.is_failure,
        deployments.is_redeployment,
        coalesce(completed.is_redeployment or coalesce(completed.previous_was_failure, false), false) as is_rework,
        lead_time_starts.lead_time_started_at,
        {{ jira_octopus.seconds_between('lead_time_starts.lead_time_started_at', 'deployments.completed_at') }}
            as lead_time_seconds,
        recoveries.recovered_from_deployment_id,
        recoveries.deployments_until_recovery,
        recoveries.recovery_seconds
    from deployments
    left join completed on completed.deployment_id = deployments.deployment_id
    left join lead_time_starts on lead_time_starts.deployment_id = deployments.deployment_id
    left join recoveries on recoveries.deployment_id = deployments.deployment_id
)

select * from final
