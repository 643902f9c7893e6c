-- One row per work item key any release or deployment carried: the first release containing it, its first
-- successful production deployment, and (for keys Jira knows) created -> production and resolved -> production.
-- A release contains a key when its build information lists it (octopus_release_work_items) or when a deployment's
-- `Changes[]` name the key under that release's version. "Successful" is the task state Success (the code reached
-- production, with or without a guided failure on the way).
with issue_deployments as (
    select * from {{ ref('lineage__issue_deployments') }}
),

release_work_items as (
    select * from {{ ref('stg_octopus__release_work_items') }}
),

releases as (
    select * from {{ ref('stg_octopus__releases') }}
),

issues as (
    select * from {{ ref('int_jira__issues') }}
),

issue_releases as (
    select work_item_id as issue_key, release_id from release_work_items where work_item_id is not null
    union
    select issue_key, release_id from issue_deployments where release_id is not null
),

first_releases as (
    select
        issue_releases.issue_key,
        releases.release_id,
        releases.release_version,
        releases.assembled_at,
        row_number() over (
            partition by issue_releases.issue_key order by releases.assembled_at, releases.release_id
        ) as release_rank
    from issue_releases
    inner join releases on releases.release_id = issue_releases.release_id
),

production_deployments as (
    select
        issue_key,
        deployment_id,
        release_id,
        deployment_completed_at,
        row_number() over (
            partition by issue_key order by deployment_completed_at, deployment_id
        ) as deployment_rank
    from issue_deployments
    where is_production and is_successful
),

keys as (
    select issue_key from issue_releases
    union
    select issue_key from issue_deployments
),

final as (
    select
        keys.issue_key,
        issues.issue_id,
        issues.issue_id is not null as is_in_jira,
        issues.project_key as jira_project_key,
        issues.issue_type_name,
        issues.created_at,
        issues.resolved_at,
        first_releases.release_id as first_release_id,
        first_releases.release_version as first_release_version,
        first_releases.assembled_at as first_release_assembled_at,
        production_deployments.deployment_id as first_production_deployment_id,
        production_deployments.deployment_completed_at as first_production_deployed_at,
        {{ jira_octopus.seconds_between('issues.created_at', 'production_deployments.deployment_completed_at') }}
            as created_to_production_seconds,
        {{ jira_octopus.seconds_between('issues.resolved_at', 'production_deployments.deployment_completed_at') }}
            as resolved_to_production_seconds
    from keys
    left join issues on issues.issue_key = keys.issue_key
    left join first_releases on first_releases.issue_key = keys.issue_key and first_releases.release_rank = 1
    left join production_deployments
        on production_deployments.issue_key = keys.issue_key and production_deployments.deployment_rank = 1
)

select * from final
