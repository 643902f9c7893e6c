-- One row per audit event.
with source as (
    {{ jira_octopus_source_rows('octopus', 'octopus_events', ['Id']) }}
),

renamed as (
    select
        cast(Id as {{ dbt.type_string() }}) as event_id,
        cast(SpaceId as {{ dbt.type_string() }}) as space_id,
        cast(Category as {{ dbt.type_string() }}) as category,
        cast(Message as {{ dbt.type_string() }}) as message,
        cast(UserId as {{ dbt.type_string() }}) as user_id,
        cast(Username as {{ dbt.type_string() }}) as username,
        {{ jira_octopus.utc_timestamp('Occurred') }} as occurred_at,
        RelatedDocumentIds as related_document_ids_json
    from source
)

select * from renamed
