-- One row per interruption (manual intervention or guided failure prompt) of a task.
with source as (
    {{ jira_octopus_source_rows('octopus', 'octopus_interruptions', ['Id']) }}
),

renamed as (
    select
        cast(Id as {{ dbt.type_string() }}) as interruption_id,
        cast(SpaceId as {{ dbt.type_string() }}) as space_id,
        cast(TaskId as {{ dbt.type_string() }}) as task_id,
        cast(Title as {{ dbt.type_string() }}) as title,
        cast(coalesce(IsPending, false) as {{ dbt.type_boolean() }}) as is_pending,
        cast(CorrelationId as {{ dbt.type_string() }}) as correlation_id,
        {{ jira_octopus.utc_timestamp('Created') }} as created_at,
        Form as form_json
    from source
)

select * from renamed
