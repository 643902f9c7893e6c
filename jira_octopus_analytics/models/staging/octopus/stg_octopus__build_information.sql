-- One row per package version's build information (commits and work items).
with source as (
    {{ jira_octopus_source_rows('octopus', 'octopus_build_information', ['Id']) }}
),

renamed as (
    select
        cast(Id as {{ dbt.type_string() }}) as build_information_id,
        cast(SpaceId as {{ dbt.type_string() }}) as space_id,
        cast(PackageId as {{ dbt.type_string() }}) as package_id,
        cast(Version as {{ dbt.type_string() }}) as package_version,
        cast(BuildNumber as {{ dbt.type_string() }}) as build_number,
        cast(Branch as {{ dbt.type_string() }}) as branch,
        cast(IssueTrackerName as {{ dbt.type_string() }}) as issue_tracker_name,
        {{ jira_octopus.utc_timestamp('Created') }} as created_at,
        WorkItems as work_items_json,
        Commits as commits_json
    from source
)

select * from renamed
