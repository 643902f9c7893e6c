-- One row per issue per sprint per period in which the issue's sprint field listed that sprint (from the field's
-- history, not today's value): valid_from inclusive, valid_to exclusive, null while it still lists it.
with sprint_periods as (
    select * from {{ ref('int_jira__field_periods') }}
    where field_key = 'sprint' and field_value is not null
),

listed as (
    select
        sprint_periods.issue_id,
        {{ jira_octopus.split_item('sprint_item') }} as sprint_id,
        sprint_periods.period_number,
        sprint_periods.valid_from,
        sprint_periods.valid_to
    from sprint_periods
    {{ jira_octopus.split_rows('sprint_periods.field_value', ',', 'sprint_item') }}
)

select * from listed
where sprint_id is not null
