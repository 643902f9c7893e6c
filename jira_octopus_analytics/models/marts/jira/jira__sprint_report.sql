-- One row per sprint: committed at its start, added and removed during it, completed and carried over at its close,
-- in issues and story points, from the history of the sprint field (int_jira__sprint_memberships) and of the story
-- points field (var jira_octopus_story_points_field). An issue is in a sprint at time T when a membership period
-- has valid_from <= T < valid_to. Completed: in the sprint at close and in a done-category status then; carried
-- over: in the sprint at close and not done. Story points: committed at the start, added when added, removed when
-- removed, completed and carried over at the close. Sprints not started have null figures; open sprints have null
-- completed / carried-over figures, and removed counts issues out of the sprint now.
with sprints as (
    select * from {{ ref('stg_jira__sprints') }}
),

memberships as (
    select * from {{ ref('int_jira__sprint_memberships') }}
),

story_points as (
    select
        issue_id,
        valid_from,
        valid_to,
        {{ jira_octopus.try_to_number('field_value') }} as points
    from {{ ref('int_jira__field_periods') }}
    where field_key = 'story_points'
),

stays as (
    select * from {{ ref('jira__issue_status_stays') }}
),

sprint_issue_periods as (
    select memberships.*, sprints.started_at, sprints.completed_at
    from memberships
    inner join sprints on sprints.sprint_id = memberships.sprint_id
    where sprints.started_at is not null
),

per_sprint_issue as (
    select
        sprint_id,
        issue_id,
        max(started_at) as started_at,
        max(completed_at) as completed_at,
        max(case when valid_from <= started_at and (valid_to is null or valid_to > started_at) then 1 else 0 end)
            as in_at_start,
        min(
            case
                when valid_from > started_at and (completed_at is null or valid_from < completed_at) then valid_from
            end
        ) as added_at,
        max(
            case
                when completed_at is null and valid_to is null then 1
                when completed_at is not null and valid_from <= completed_at
                    and (valid_to is null or valid_to > completed_at) then 1
                else 0
            end
        ) as in_at_end,
        max(
            case
                when valid_to > started_at and (completed_at is null or valid_to <= completed_at) then valid_to
            end
        ) as last_left_at
    from sprint_issue_periods
    group by sprint_id, issue_id
),

classified as (
    select
        per_sprint_issue.*,
        in_at_start = 1 as is_committed,
        in_at_start = 0 and added_at is not null as is_added,
        (in_at_start = 1 or added_at is not null) and in_at_end = 0 as is_removed,
        completed_at is not null and in_at_end = 1 and status_at_end.status_category = 'done' as is_completed,
        completed_at is not null and in_at_end = 1 and coalesce(status_at_end.status_category, '') <> 'done'
            as is_carried_over
    from per_sprint_issue
    left join stays as status_at_end
        on status_at_end.issue_id = per_sprint_issue.issue_id
        and status_at_end.entered_at <= per_sprint_issue.completed_at
        and {{ jira_octopus.open_end('status_at_end.left_at') }} > per_sprint_issue.completed_at
),

{%- set moments = {
    'start': 'classified.started_at',
    'added': 'classified.added_at',
    'removed': 'classified.last_left_at',
    'close': 'classified.completed_at',
} %}
-- story points at each moment: one left join per moment (periods do not overlap, so at most one row matches)
with_points as (
    select
        classified.*,
        {%- for name in moments %}
        points_at_{{ name }}.points as points_at_{{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from classified
    {%- for name, moment in moments.items() %}
    left join story_points as points_at_{{ name }}
        on points_at_{{ name }}.issue_id = classified.issue_id
        and points_at_{{ name }}.valid_from <= {{ moment }}
        and {{ jira_octopus.open_end('points_at_' ~ name ~ '.valid_to') }} > {{ moment }}
    {%- endfor %}
),

per_sprint as (
    select
        sprint_id,
        sum(case when is_committed then 1 else 0 end) as committed_issues,
        sum(case when is_committed then coalesce(points_at_start, 0) else 0 end) as committed_points,
        sum(case when is_added then 1 else 0 end) as added_issues,
        sum(case when is_added then coalesce(points_at_added, 0) else 0 end) as added_points,
        sum(case when is_removed then 1 else 0 end) as removed_issues,
        sum(case when is_removed then coalesce(points_at_removed, 0) else 0 end) as removed_points,
        sum(case when is_completed then 1 else 0 end) as completed_issues,
        sum(case when is_completed then coalesce(points_at_close, 0) else 0 end) as completed_points,
        sum(case when is_carried_over then 1 else 0 end) as carried_over_issues,
        sum(case when is_carried_over then coalesce(points_at_close, 0) else 0 end) as carried_over_points
    from with_points
    group by sprint_id
),

final as (
    select
        sprints.sprint_id,
        sprints.sprint_name,
        sprints.sprint_state,
        sprints.origin_board_id,
        sprints.started_at,
        sprints.ends_at,
        sprints.completed_at,
        {%- for measure in ['committed', 'added', 'removed', 'completed', 'carried_over'] %}
        {%- set when_known = 'sprints.completed_at is not null' if measure in ['completed', 'carried_over'] else 'sprints.started_at is not null' %}
        cast(case when {{ when_known }} then coalesce(per_sprint.{{ measure }}_issues, 0) end as {{ dbt.type_bigint() }})
            as {{ measure }}_issues,
        cast(case when {{ when_known }} then coalesce(per_sprint.{{ measure }}_points, 0) end as {{ dbt.type_float() }})
            as {{ measure }}_points{{ ',' if not loop.last }}
        {%- endfor %}
    from sprints
    left join per_sprint on per_sprint.sprint_id = sprints.sprint_id
)

select * from final
