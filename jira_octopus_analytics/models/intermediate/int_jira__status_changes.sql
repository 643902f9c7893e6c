-- One row per status change of an issue, numbered in order. Changes in the same second keep the order Jira gave
-- them: the changelog id (numeric), then the item's position in the entry.
with field_history as (
    select * from {{ ref('stg_jira__issue_field_history') }}
),

status_changes as (
    select
        issue_id,
        changed_at,
        changelog_sequence,
        item_index,
        changelog_id,
        from_value as from_status_id,
        from_string as from_status_name,
        to_value as to_status_id,
        to_string as to_status_name
    from field_history
    where lower(field_id) = 'status'
),

final as (
    select
        *,
        row_number() over (
            partition by issue_id
            order by changed_at, changelog_sequence, changelog_id, item_index
        ) as change_number
    from status_changes
)

select * from final
