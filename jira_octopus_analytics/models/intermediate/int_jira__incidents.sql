-- Production incidents recorded in Jira (the second failure signal of the DORA marts), one row per incident and
-- Octopus project it is attributed to, with the production stream its figures are shown on.
-- An incident: an issue whose type is in var `jira_octopus_incident_issue_types` (case-insensitive), in a project of
-- var `jira_octopus_incident_projects` (empty: every project), or any issue of a Jira Service Management project
-- (`projectTypeKey = service_desk`) when var `jira_octopus_incident_service_desk_projects` is true. Deleted
-- issues (int_jira__issues.is_deleted) are left out. Recovery runs from created to resolved.
-- Attribution: var `jira_octopus_incident_octopus_projects` maps a Jira project key to Octopus project names; a Jira
-- project absent from it goes to the Octopus projects whose name or slug equals its key or name (case-insensitive).
-- The figures sit on the project's production environment with the highest sort order (the end of the lifecycle),
-- tenant null: Jira does not say which tenant or which of several production environments an incident hit.
{%- set issue_types = var('jira_octopus_incident_issue_types', ['Incident']) %}
{%- set incident_projects = var('jira_octopus_incident_projects', []) %}
{%- set octopus_projects_by_jira_project = var('jira_octopus_incident_octopus_projects', {}) %}
with issues as (
    select * from {{ ref('int_jira__issues') }}
),

jira_projects as (
    select * from {{ ref('stg_jira__projects') }}
),

octopus_projects as (
    select * from {{ ref('stg_octopus__projects') }}
),

environments as (
    select * from {{ ref('stg_octopus__environments') }}
),

incidents as (
    select
        issues.issue_id,
        issues.issue_key,
        issues.project_key as jira_project_key,
        jira_projects.project_name as jira_project_name,
        issues.issue_type_name,
        issues.created_at,
        issues.resolved_at,
        {{ jira_octopus.seconds_between('issues.created_at', 'issues.resolved_at') }} as recovery_seconds
    from issues
    left join jira_projects on jira_projects.project_id = issues.project_id
    where not issues.is_deleted
        and (
            (
                lower(issues.issue_type_name) in (
                    {%- for name in issue_types %}'{{ name | lower }}'{{ ", " if not loop.last }}{% endfor %}
                    {%- if not issue_types %}null{% endif -%}
                )
                {%- if incident_projects %}
                and issues.project_key in (
                    {%- for key in incident_projects %}'{{ key }}'{{ ", " if not loop.last }}{% endfor -%}
                )
                {%- endif %}
            )
            {%- if var('jira_octopus_incident_service_desk_projects', false) %}
            or jira_projects.project_type_key = 'service_desk'
            {%- endif %}
        )
),

-- Var `jira_octopus_incident_octopus_projects`, one row per (Jira project key, Octopus project name).
explicit_map as (
    {%- for jira_key, names in octopus_projects_by_jira_project.items() %}
    {%- set outer = loop %}
    {%- for name in ([names] if names is string else names) %}
    select '{{ jira_key }}' as jira_project_key, '{{ name | lower }}' as octopus_project_name
    {{- " union all" if not (loop.last and outer.last) }}
    {%- endfor %}
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as jira_project_key,
        cast(null as {{ dbt.type_string() }}) as octopus_project_name
    where 1 = 0
    {%- endfor %}
),

attributed_explicitly as (
    select incidents.issue_id, octopus_projects.project_id
    from incidents
    inner join explicit_map on explicit_map.jira_project_key = incidents.jira_project_key
    inner join octopus_projects on lower(octopus_projects.project_name) = explicit_map.octopus_project_name
),

attributed_by_name as (
    select incidents.issue_id, octopus_projects.project_id
    from incidents
    inner join octopus_projects
        on lower(octopus_projects.project_name) in (lower(incidents.jira_project_key), lower(incidents.jira_project_name))
        or lower(octopus_projects.project_slug) in (lower(incidents.jira_project_key), lower(incidents.jira_project_name))
    where incidents.jira_project_key not in (select jira_project_key from explicit_map)
),

attributed as (
    select
        incidents.*,
        octopus_projects.project_id,
        octopus_projects.space_id
    from incidents
    inner join (
        select issue_id, project_id from attributed_explicitly
        union
        select issue_id, project_id from attributed_by_name
    ) as links on links.issue_id = incidents.issue_id
    inner join octopus_projects on octopus_projects.project_id = links.project_id
),

production_environments as (
    select
        space_id,
        environment_id,
        row_number() over (partition by space_id order by sort_order desc, environment_id desc) as rank_in_space
    from environments
    where {{ jira_octopus.is_production_environment('environment_name') }}
),

final as (
    select
        attributed.issue_id,
        attributed.issue_key,
        attributed.jira_project_key,
        attributed.issue_type_name,
        attributed.created_at,
        attributed.resolved_at,
        attributed.recovery_seconds,
        attributed.project_id,
        production_environments.environment_id,
        cast(null as {{ dbt.type_string() }}) as tenant_id
    from attributed
    inner join production_environments
        on production_environments.space_id = attributed.space_id
        and production_environments.rank_in_space = 1
)

select * from final
