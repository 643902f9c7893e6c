-- One row per work item (a Jira issue key for the Jira tracker) per deployment per release that brought it.
-- Where the server sent the deployment's `Changes[]` (build information, commits and work items new since the
-- previous deployment to that environment), each change's `WorkItems[]` say exactly what the deployment shipped and
-- which release (`Changes[].Version`) carried it: source `deployment_changes`. Where `Changes` is absent or empty
-- (servers and versions that do not fill it; a redeployment of the same release), every work item of the deployed
-- release's build information stands in: source `release_work_items`.
with deployments as (
    select * from {{ ref('stg_octopus__deployments') }}
),

releases as (
    select * from {{ ref('stg_octopus__releases') }}
),

release_work_items as (
    select * from {{ ref('stg_octopus__release_work_items') }}
),

with_changes as (
    select deployment_id, project_id, changes_json
    from deployments
    where {{ jira_octopus.json_is_nonempty_array('changes_json') }}
),

change_work_items as (
    select
        with_changes.deployment_id,
        with_changes.project_id,
        {{ jira_octopus.json_string('deployment_change.value', ['Version']) }} as release_version,
        {{ jira_octopus.json_string('work_item.value', ['Id']) }} as work_item_id
    from with_changes
    {{ jira_octopus.json_array_rows('with_changes.changes_json', 'deployment_change') }}
    {{ jira_octopus.json_array_rows(jira_octopus.json_value('deployment_change.value', ['WorkItems']), 'work_item') }}
),

from_changes as (
    select distinct
        change_work_items.deployment_id,
        releases.release_id,
        change_work_items.release_version,
        change_work_items.work_item_id,
        'deployment_changes' as link_source
    from change_work_items
    left join releases
        on releases.project_id = change_work_items.project_id
        and releases.release_version = change_work_items.release_version
    where change_work_items.work_item_id is not null
),

from_release as (
    select distinct
        deployments.deployment_id,
        release_work_items.release_id,
        coalesce(releases.release_version, release_work_items.release_version) as release_version,
        release_work_items.work_item_id,
        'release_work_items' as link_source
    from deployments
    inner join release_work_items on release_work_items.release_id = deployments.release_id
    left join releases on releases.release_id = deployments.release_id
    where not {{ jira_octopus.json_is_nonempty_array('deployments.changes_json') }}
        and release_work_items.work_item_id is not null
)

select * from from_changes
union all
select * from from_release
