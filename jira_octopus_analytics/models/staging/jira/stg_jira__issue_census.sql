-- One row per issue that existed at the latest census (a full-refresh stream: the table is the latest census).
with source as (
    {{ jira_octopus_source_rows('jira', 'jira_issue_census', ['id']) }}
),

renamed as (
    select
        cast(id as {{ dbt.type_string() }}) as issue_id,
        cast(key as {{ dbt.type_string() }}) as issue_key,
        cast(projectId as {{ dbt.type_string() }}) as project_id,
        cast(projectKey as {{ dbt.type_string() }}) as project_key
    from source
)

select * from renamed
