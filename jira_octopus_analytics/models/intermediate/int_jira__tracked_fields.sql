-- One row per field the field-history models follow (var jira_octopus_issue_history_fields), resolved to its field
-- id: `status` and `assignee` are themselves; `sprint` is the Jira Software sprint field; `story_points` is var
-- jira_octopus_story_points_field or the field named "Story Points" / "Story point estimate"; anything else is a
-- field id or a jira_issues column name (jira_issue_fields.column_name). Entries that match no field are left out.
-- The roles other models need (sprint and story_points for the sprint report, project for cumulative flow) are
-- always here; is_requested says whether the var asked for them.
{%- set entries = var('jira_octopus_issue_history_fields') %}
{%- set story_points = var('jira_octopus_story_points_field') %}
with fields as (
    select * from {{ ref('stg_jira__issue_fields') }}
),

{%- set roles = [] %}
{%- for entry in entries %}{% do roles.append((entry, true)) %}{% endfor %}
{%- for role in ['status', 'sprint', 'story_points', 'project'] %}
{%- if role not in entries %}{% do roles.append((role, false)) %}{% endif %}
{%- endfor %}
wanted as (
    {%- for entry, requested in roles %}
    select '{{ entry }}' as field_key, {{ loop.index }} as field_position, {{ 'true' if requested else 'false' }} as is_requested
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

candidates as (
    select wanted.field_key, wanted.field_position, wanted.is_requested, fields.field_id, fields.field_name,
        case
            when wanted.field_key in ('status', 'assignee', 'project') and fields.field_id = wanted.field_key then 1
            when wanted.field_key = 'sprint' and fields.schema_custom = 'com.pyxis.greenhopper.jira:gh-sprint' then 1
            when wanted.field_key = 'sprint' and lower(fields.field_name) = 'sprint' then 2
            {%- if story_points %}
            when wanted.field_key = 'story_points'
                and (fields.field_id = '{{ story_points }}' or fields.column_name = '{{ story_points }}') then 1
            {%- else %}
            when wanted.field_key = 'story_points' and lower(fields.field_name) = 'story points' then 1
            when wanted.field_key = 'story_points' and lower(fields.field_name) = 'story point estimate' then 2
            {%- endif %}
            when wanted.field_key not in ('status', 'assignee', 'project', 'sprint', 'story_points')
                and (fields.field_id = wanted.field_key or fields.column_name = wanted.field_key) then 1
        end as match_rank
    from wanted
    cross join fields
),

matched as (
    select field_key, field_position, is_requested, field_id, field_name
    from candidates
    where match_rank is not null
    qualify row_number() over (partition by field_key order by match_rank, field_id) = 1
),

-- status, assignee and project are followed even when jira_issue_fields was not synced
system_defaults as (
    select wanted.field_key, wanted.field_position, wanted.is_requested, wanted.field_key as field_id,
        wanted.field_key as field_name
    from wanted
    where wanted.field_key in ('status', 'assignee', 'project')
        and wanted.field_key not in (select field_key from matched)
),

final as (
    select * from matched
    union all
    select * from system_defaults
)

select * from final
