-- One row per sprint per issue in it now (today's membership; history comes from the sprint field's changes).
with source as (
    {{ jira_octopus_source_rows('jira', 'jira_sprint_issues', ['sprintId', 'id']) }}
),

renamed as (
    select
        cast(sprintId as {{ dbt.type_string() }}) as sprint_id,
        cast(id as {{ dbt.type_string() }}) as issue_id,
        cast(key as {{ dbt.type_string() }}) as issue_key,
        cast(projectId as {{ dbt.type_string() }}) as project_id,
        cast(projectKey as {{ dbt.type_string() }}) as project_key
    from source
)

select * from renamed
