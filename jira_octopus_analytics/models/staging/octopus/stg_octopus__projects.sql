-- One row per project.
with source as (
    {{ jira_octopus_source_rows('octopus', 'octopus_projects', ['Id']) }}
),

renamed as (
    select
        cast(Id as {{ dbt.type_string() }}) as project_id,
        cast(SpaceId as {{ dbt.type_string() }}) as space_id,
        cast(Name as {{ dbt.type_string() }}) as project_name,
        cast(Slug as {{ dbt.type_string() }}) as project_slug,
        cast(ProjectGroupId as {{ dbt.type_string() }}) as project_group_id,
        cast(LifecycleId as {{ dbt.type_string() }}) as lifecycle_id,
        cast(coalesce(IsDisabled, false) as {{ dbt.type_boolean() }}) as is_disabled,
        cast(DefaultGuidedFailureMode as {{ dbt.type_string() }}) as default_guided_failure_mode,
        cast(TenantedDeploymentMode as {{ dbt.type_string() }}) as tenanted_deployment_mode
    from source
)

select * from renamed
