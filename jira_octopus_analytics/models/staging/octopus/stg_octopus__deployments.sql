-- One row per deployment (a release to an environment, for a tenant or not).
with source as (
    {{ jira_octopus_source_rows('octopus', 'octopus_deployments', ['Id']) }}
),

renamed as (
    select
        cast(Id as {{ dbt.type_string() }}) as deployment_id,
        cast(SpaceId as {{ dbt.type_string() }}) as space_id,
        cast(ProjectId as {{ dbt.type_string() }}) as project_id,
        cast(ReleaseId as {{ dbt.type_string() }}) as release_id,
        cast(EnvironmentId as {{ dbt.type_string() }}) as environment_id,
        cast(TenantId as {{ dbt.type_string() }}) as tenant_id,
        cast(ChannelId as {{ dbt.type_string() }}) as channel_id,
        cast(TaskId as {{ dbt.type_string() }}) as task_id,
        cast(Name as {{ dbt.type_string() }}) as deployment_name,
        cast(DeployedBy as {{ dbt.type_string() }}) as deployed_by,
        cast(DeployedById as {{ dbt.type_string() }}) as deployed_by_id,
        cast(coalesce(UseGuidedFailure, false) as {{ dbt.type_boolean() }}) as uses_guided_failure,
        cast(coalesce(FailureEncountered, false) as {{ dbt.type_boolean() }}) as failure_encountered,
        {{ jira_octopus.utc_timestamp('Created') }} as created_at,
        {{ jira_octopus.utc_timestamp('QueueTime') }} as queue_time,
        Changes as changes_json
    from source
)

select * from renamed
