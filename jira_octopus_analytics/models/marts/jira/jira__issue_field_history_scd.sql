-- One row per issue per followed field (var jira_octopus_issue_history_fields) per period with one value (SCD2):
-- valid_from inclusive, valid_to exclusive, null for today's value.
with periods as (
    select * from {{ ref('int_jira__field_periods') }}
),

tracked_fields as (
    select * from {{ ref('int_jira__tracked_fields') }}
    where is_requested
),

issues as (
    select * from {{ ref('int_jira__issues') }}
),

final as (
    select
        {{ dbt.concat(['periods.issue_id', "':'", 'periods.field_key', "':'", dbt.cast('periods.period_number', dbt.type_string())]) }}
            as field_period_id,
        periods.issue_id,
        issues.issue_key,
        periods.field_key,
        tracked_fields.field_id,
        tracked_fields.field_name,
        periods.period_number,
        periods.valid_from,
        periods.valid_to,
        periods.field_value,
        periods.field_display,
        periods.valid_to is null as is_current
    from periods
    inner join tracked_fields on tracked_fields.field_key = periods.field_key
    inner join issues on issues.issue_id = periods.issue_id
)

select * from final
