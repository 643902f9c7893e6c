-- One row per release per work item its build information lists (Id: the Jira issue key for the Jira tracker).
with source as (
    {{ jira_octopus_source_rows('octopus', 'octopus_release_work_items', ['ReleaseId', 'Id']) }}
),

renamed as (
    select
        cast(ReleaseId as {{ dbt.type_string() }}) as release_id,
        cast(Id as {{ dbt.type_string() }}) as work_item_id,
        cast(SpaceId as {{ dbt.type_string() }}) as space_id,
        cast(ProjectId as {{ dbt.type_string() }}) as project_id,
        cast(ChannelId as {{ dbt.type_string() }}) as channel_id,
        cast(ReleaseVersion as {{ dbt.type_string() }}) as release_version,
        {{ jira_octopus.utc_timestamp('ReleaseAssembled') }} as release_assembled_at,
        cast(IssueTrackerName as {{ dbt.type_string() }}) as issue_tracker_name,
        cast(Description as {{ dbt.type_string() }}) as description,
        cast(LinkUrl as {{ dbt.type_string() }}) as link_url,
        cast(Source as {{ dbt.type_string() }}) as source,
        cast(PackageId as {{ dbt.type_string() }}) as package_id,
        cast(PackageVersion as {{ dbt.type_string() }}) as package_version,
        cast(BuildNumber as {{ dbt.type_string() }}) as build_number
    from source
)

select * from renamed
