-- One row per status category (`new` = To Do, `indeterminate` = In Progress, `done` = Done; `undefined`).
with source as (
    {{ jira_octopus_source_rows('jira', 'jira_status_categories', ['id']) }}
),

renamed as (
    select
        cast(id as {{ dbt.type_string() }}) as status_category_id,
        cast(key as {{ dbt.type_string() }}) as status_category_key,
        cast(name as {{ dbt.type_string() }}) as status_category_name
    from source
)

select * from renamed
