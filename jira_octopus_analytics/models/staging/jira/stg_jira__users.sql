-- One row per user (Cloud: accountId; Data Center: key, then name).
with source as (
    select *, coalesce(accountId, key, name) as user_id
    from {{ source('jira', 'jira_users') }}
),

deduplicated as (
    select * from source
    {%- if jira_octopus_source_layout() == 'airbyte_destination' %}
    qualify row_number() over (partition by user_id order by _airbyte_extracted_at desc, _airbyte_raw_id desc) = 1
    {%- endif %}
),

renamed as (
    select
        cast(user_id as {{ dbt.type_string() }}) as user_id,
        cast(displayName as {{ dbt.type_string() }}) as display_name,
        cast(accountType as {{ dbt.type_string() }}) as account_type,
        cast(coalesce(active, true) as {{ dbt.type_boolean() }}) as is_active
    from deduplicated
)

select * from renamed
