-- One row per changelog entry (history) of an issue; its items are in stg_jira__issue_field_history.
with source as (
    {{ jira_octopus_source_rows('jira', 'jira_issue_changelogs', ['id']) }}
),

renamed as (
    select
        cast(id as {{ dbt.type_string() }}) as changelog_id,
        cast(issueId as {{ dbt.type_string() }}) as issue_id,
        cast(issueKey as {{ dbt.type_string() }}) as issue_key,
        {{ jira_octopus.json_string('author', ['accountId']) }} as author_account_id,
        {{ jira_octopus.utc_timestamp('created') }} as created_at
    from source
)

select * from renamed
