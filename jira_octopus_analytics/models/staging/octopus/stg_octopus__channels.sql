-- One row per release channel of a project.
with source as (
    {{ jira_octopus_source_rows('octopus', 'octopus_channels', ['Id']) }}
),

renamed as (
    select
        cast(Id as {{ dbt.type_string() }}) as channel_id,
        cast(SpaceId as {{ dbt.type_string() }}) as space_id,
        cast(ProjectId as {{ dbt.type_string() }}) as project_id,
        cast(Name as {{ dbt.type_string() }}) as channel_name,
        cast(coalesce(IsDefault, false) as {{ dbt.type_boolean() }}) as is_default,
        cast(LifecycleId as {{ dbt.type_string() }}) as lifecycle_id
    from source
)

select * from renamed
