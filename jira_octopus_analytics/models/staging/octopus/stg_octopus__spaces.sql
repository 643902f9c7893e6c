-- One row per space.
with source as (
    {{ jira_octopus_source_rows('octopus', 'octopus_spaces', ['Id']) }}
),

renamed as (
    select
        cast(Id as {{ dbt.type_string() }}) as space_id,
        cast(Name as {{ dbt.type_string() }}) as space_name,
        cast(coalesce(IsDefault, false) as {{ dbt.type_boolean() }}) as is_default
    from source
)

select * from renamed
