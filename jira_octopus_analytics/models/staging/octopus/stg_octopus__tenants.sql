-- One row per tenant.
with source as (
    {{ jira_octopus_source_rows('octopus', 'octopus_tenants', ['Id']) }}
),

renamed as (
    select
        cast(Id as {{ dbt.type_string() }}) as tenant_id,
        cast(SpaceId as {{ dbt.type_string() }}) as space_id,
        cast(Name as {{ dbt.type_string() }}) as tenant_name
    from source
)

select * from renamed
