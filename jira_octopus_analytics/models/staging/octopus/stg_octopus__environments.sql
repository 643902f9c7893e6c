-- One row per environment.
with source as (
    {{ jira_octopus_source_rows('octopus', 'octopus_environments', ['Id']) }}
),

renamed as (
    select
        cast(Id as {{ dbt.type_string() }}) as environment_id,
        cast(SpaceId as {{ dbt.type_string() }}) as space_id,
        cast(Name as {{ dbt.type_string() }}) as environment_name,
        cast(SortOrder as {{ dbt.type_bigint() }}) as sort_order,
        cast(coalesce(UseGuidedFailure, false) as {{ dbt.type_boolean() }}) as uses_guided_failure
    from source
)

select * from renamed
