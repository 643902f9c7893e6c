-- One row per sprint (a sprint shared by several boards appears once: its id is site-wide).
with source as (
    {{ jira_octopus_source_rows('jira', 'jira_sprints', ['id']) }}
),

renamed as (
    select
        cast(id as {{ dbt.type_string() }}) as sprint_id,
        cast(name as {{ dbt.type_string() }}) as sprint_name,
        cast(state as {{ dbt.type_string() }}) as sprint_state,
        cast(originBoardId as {{ dbt.type_string() }}) as origin_board_id,
        cast(boardId as {{ dbt.type_string() }}) as board_id,
        cast(goal as {{ dbt.type_string() }}) as goal,
        {{ jira_octopus.utc_timestamp('createdDate') }} as created_at,
        {{ jira_octopus.utc_timestamp('startDate') }} as started_at,
        {{ jira_octopus.utc_timestamp('endDate') }} as ends_at,
        {{ jira_octopus.utc_timestamp('completeDate') }} as completed_at
    from source
)

select * from renamed
