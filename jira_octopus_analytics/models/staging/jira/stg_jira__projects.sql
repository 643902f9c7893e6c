-- One row per project the credentials can see.
with source as (
    {{ jira_octopus_source_rows('jira', 'jira_projects', ['id']) }}
),

renamed as (
    select
        cast(id as {{ dbt.type_string() }}) as project_id,
        cast(key as {{ dbt.type_string() }}) as project_key,
        cast(name as {{ dbt.type_string() }}) as project_name,
        cast(projectTypeKey as {{ dbt.type_string() }}) as project_type_key,
        cast(coalesce(archived, false) as {{ dbt.type_boolean() }}) as is_archived
    from source
)

select * from renamed
