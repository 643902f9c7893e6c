-- One row per workflow status.
with source as (
    {{ jira_octopus_source_rows('jira', 'jira_statuses', ['id']) }}
),

renamed as (
    select
        cast(id as {{ dbt.type_string() }}) as status_id,
        cast(name as {{ dbt.type_string() }}) as status_name,
        {{ jira_octopus.json_string('statusCategory', ['id']) }} as status_category_id,
        {{ jira_octopus.json_string('statusCategory', ['key']) }} as status_category_key
    from source
)

select * from renamed
