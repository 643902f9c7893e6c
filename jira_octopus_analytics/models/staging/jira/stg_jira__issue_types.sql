-- One row per issue type.
with source as (
    {{ jira_octopus_source_rows('jira', 'jira_issue_types', ['id']) }}
),

renamed as (
    select
        cast(id as {{ dbt.type_string() }}) as issue_type_id,
        cast(name as {{ dbt.type_string() }}) as issue_type_name,
        cast(coalesce(subtask, false) as {{ dbt.type_boolean() }}) as is_subtask,
        cast(hierarchyLevel as {{ dbt.type_bigint() }}) as hierarchy_level
    from source
)

select * from renamed
