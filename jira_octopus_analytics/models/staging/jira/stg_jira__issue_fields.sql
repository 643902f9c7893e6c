-- One row per issue field (system and custom), with the column jira_issues gives it.
with source as (
    {{ jira_octopus_source_rows('jira', 'jira_issue_fields', ['id']) }}
),

renamed as (
    select
        cast(id as {{ dbt.type_string() }}) as field_id,
        cast(key as {{ dbt.type_string() }}) as field_key,
        cast(name as {{ dbt.type_string() }}) as field_name,
        cast(column_name as {{ dbt.type_string() }}) as column_name,
        cast(coalesce(custom, false) as {{ dbt.type_boolean() }}) as is_custom,
        {{ jira_octopus.json_string('schema', ['type']) }} as schema_type,
        {{ jira_octopus.json_string('schema', ['custom']) }} as schema_custom
    from source
)

select * from renamed
