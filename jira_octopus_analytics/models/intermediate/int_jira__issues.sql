-- One row per issue, with its current status category and whether it was deleted.
-- Deleted: the latest census (jira_issue_census) lacks it while its project is still visible. With no census rows at
-- all (the stream was never synced) nothing counts as deleted.
with issues as (
    select * from {{ ref('stg_jira__issues') }}
),

census as (
    select * from {{ ref('stg_jira__issue_census') }}
),

projects as (
    select * from {{ ref('stg_jira__projects') }}
),

statuses as (
    select * from {{ ref('stg_jira__statuses') }}
),

census_taken as (
    select count(*) > 0 as has_rows from census
),

final as (
    select
        issues.issue_id,
        issues.issue_key,
        issues.project_id,
        issues.project_key,
        issues.created_at,
        issues.updated_at,
        issues.status_id,
        coalesce(statuses.status_name, issues.status_name) as status_name,
        coalesce(statuses.status_category_key, issues.status_category_key) as status_category,
        issues.issue_type_id,
        issues.issue_type_name,
        issues.assignee_id,
        issues.resolution_name,
        issues.resolved_at,
        issues.summary,
        issues.parent_issue_id,
        issues.fields_json,
        (
            census_taken.has_rows
            and census.issue_id is null
            and projects.project_id is not null
        ) as is_deleted
    from issues
    cross join census_taken
    left join census on census.issue_id = issues.issue_id
    left join projects on projects.project_id = issues.project_id
    left join statuses on statuses.status_id = issues.status_id
)

select * from final
