-- One row per issue the connector loaded (deleted ones included: see int_jira__issues).
with source as (
    {{ jira_octopus_source_rows('jira', 'jira_issues', ['id']) }}
),

renamed as (
    select
        cast(id as {{ dbt.type_string() }}) as issue_id,
        cast(key as {{ dbt.type_string() }}) as issue_key,
        cast(projectId as {{ dbt.type_string() }}) as project_id,
        cast(projectKey as {{ dbt.type_string() }}) as project_key,
        {{ jira_octopus.utc_timestamp('created') }} as created_at,
        {{ jira_octopus.utc_timestamp('updated') }} as updated_at,
        {{ jira_octopus.json_string('fields', ['status', 'id']) }} as status_id,
        {{ jira_octopus.json_string('fields', ['status', 'name']) }} as status_name,
        {{ jira_octopus.json_string('fields', ['status', 'statusCategory', 'key']) }} as status_category_key,
        {{ jira_octopus.json_string('fields', ['issuetype', 'id']) }} as issue_type_id,
        {{ jira_octopus.json_string('fields', ['issuetype', 'name']) }} as issue_type_name,
        coalesce(
            {{ jira_octopus.json_string('fields', ['assignee', 'accountId']) }},
            {{ jira_octopus.json_string('fields', ['assignee', 'key']) }},
            {{ jira_octopus.json_string('fields', ['assignee', 'name']) }}
        ) as assignee_id,
        {{ jira_octopus.json_string('fields', ['resolution', 'name']) }} as resolution_name,
        {{ jira_octopus.parse_utc_timestamp(jira_octopus.json_string('fields', ['resolutiondate'])) }} as resolved_at,
        {{ jira_octopus.json_string('fields', ['summary']) }} as summary,
        {{ jira_octopus.json_string('fields', ['parent', 'id']) }} as parent_issue_id,
        fields as fields_json
    from source
)

select * from renamed
