-- One row per server task (a deployment's task carries its state and times).
with source as (
    {{ jira_octopus_source_rows('octopus', 'octopus_tasks', ['Id']) }}
),

renamed as (
    select
        cast(Id as {{ dbt.type_string() }}) as task_id,
        cast(SpaceId as {{ dbt.type_string() }}) as space_id,
        cast(Name as {{ dbt.type_string() }}) as task_name,
        cast(State as {{ dbt.type_string() }}) as task_state,
        cast(coalesce(IsCompleted, false) as {{ dbt.type_boolean() }}) as is_completed,
        cast(coalesce(FinishedSuccessfully, false) as {{ dbt.type_boolean() }}) as finished_successfully,
        cast(coalesce(HasWarningsOrErrors, false) as {{ dbt.type_boolean() }}) as has_warnings_or_errors,
        cast(coalesce(HasPendingInterruptions, false) as {{ dbt.type_boolean() }}) as has_pending_interruptions,
        cast(ErrorMessage as {{ dbt.type_string() }}) as error_message,
        {{ jira_octopus.utc_timestamp('QueueTime') }} as queued_at,
        {{ jira_octopus.utc_timestamp('StartTime') }} as started_at,
        {{ jira_octopus.utc_timestamp('CompletedTime') }} as completed_at,
        {{ jira_octopus.json_string('Arguments', ['DeploymentId']) }} as deployment_id
    from source
)

select * from renamed
