-- Issue <-> release <-> deployment, every environment: one row per work item per deployment per release that
-- brought it (see int_lineage__deployment_work_items for `link_source`), with the deployment's outcome and the Jira
-- issue when the key is one Jira knows.
with links as (
    select * from {{ ref('int_lineage__deployment_work_items') }}
),

deployments as (
    select * from {{ ref('octopus__deployments') }}
),

issues as (
    select * from {{ ref('int_jira__issues') }}
),

final as (
    select
        links.work_item_id || '|' || links.deployment_id || '|' || coalesce(links.release_version, '')
            as issue_deployment_id,
        links.work_item_id as issue_key,
        issues.issue_id,
        issues.issue_id is not null as is_in_jira,
        issues.project_key as jira_project_key,
        links.release_id,
        links.release_version,
        links.link_source,
        links.deployment_id,
        deployments.space_id,
        deployments.project_id,
        deployments.project_name,
        deployments.environment_id,
        deployments.environment_name,
        deployments.is_production,
        deployments.tenant_id,
        deployments.tenant_name,
        deployments.outcome,
        deployments.is_successful,
        deployments.created_at as deployment_created_at,
        deployments.completed_at as deployment_completed_at
    from links
    inner join deployments on deployments.deployment_id = links.deployment_id
    left join issues on issues.issue_key = links.work_item_id
)

select * from final
