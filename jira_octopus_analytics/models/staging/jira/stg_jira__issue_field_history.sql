-- One row per changed field per changelog entry.
with source as (
    {{ jira_octopus_source_rows('jira', 'jira_issue_field_history', ['id']) }}
),

renamed as (
    select
        cast(id as {{ dbt.type_string() }}) as field_change_id,
        cast(changelogId as {{ dbt.type_string() }}) as changelog_id,
        {{ jira_octopus.try_to_bigint('cast(changelogId as ' ~ dbt.type_string() ~ ')') }} as changelog_sequence,
        cast(itemIndex as {{ dbt.type_bigint() }}) as item_index,
        cast(issueId as {{ dbt.type_string() }}) as issue_id,
        cast(issueKey as {{ dbt.type_string() }}) as issue_key,
        cast(coalesce(fieldId, field) as {{ dbt.type_string() }}) as field_id,
        cast(field as {{ dbt.type_string() }}) as field_name,
        cast(fieldtype as {{ dbt.type_string() }}) as field_type,
        cast({{ jira_octopus.source_column('from') }} as {{ dbt.type_string() }}) as from_value,
        cast(fromString as {{ dbt.type_string() }}) as from_string,
        cast({{ jira_octopus.source_column('to') }} as {{ dbt.type_string() }}) as to_value,
        cast(toString as {{ dbt.type_string() }}) as to_string,
        cast(tmpFromAccountId as {{ dbt.type_string() }}) as from_account_id,
        cast(tmpToAccountId as {{ dbt.type_string() }}) as to_account_id,
        {{ jira_octopus.json_string('author', ['accountId']) }} as author_account_id,
        {{ jira_octopus.utc_timestamp('created') }} as changed_at
    from source
)

select * from renamed
