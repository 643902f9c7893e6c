-- One row per release (a version of a project, with its packages and build information).
with source as (
    {{ jira_octopus_source_rows('octopus', 'octopus_releases', ['Id']) }}
),

renamed as (
    select
        cast(Id as {{ dbt.type_string() }}) as release_id,
        cast(SpaceId as {{ dbt.type_string() }}) as space_id,
        cast(ProjectId as {{ dbt.type_string() }}) as project_id,
        cast(ChannelId as {{ dbt.type_string() }}) as channel_id,
        cast(Version as {{ dbt.type_string() }}) as release_version,
        {{ jira_octopus.utc_timestamp('Assembled') }} as assembled_at,
        BuildInformation as build_information_json
    from source
)

select * from renamed
