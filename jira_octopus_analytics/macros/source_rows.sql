{#
    The one place that knows the source table layout (var `jira_octopus_source_layout`):
    - pyairbyte: PyAirbyte's cache (DuckDB or SnowflakeCache) merges on the primary key, one row per key.
    - airbyte_destination: destination-snowflake's typed final tables; an append (not deduped) sync repeats a key,
      so the latest extracted row wins (`_airbyte_extracted_at`, then `_airbyte_raw_id` to break ties).
    Staging models select from `jira_octopus_source_rows(...)` and never from a source directly.
#}
{% macro jira_octopus_source_layout() %}
    {%- set layout = var('jira_octopus_source_layout', 'pyairbyte') -%}
    {%- if layout not in ['pyairbyte', 'airbyte_destination'] -%}
        {{ exceptions.raise_compiler_error(
            "var jira_octopus_source_layout must be 'pyairbyte' or 'airbyte_destination', got '" ~ layout ~ "'") }}
    {%- endif -%}
    {{ return(layout) }}
{% endmacro %}

{% macro jira_octopus_source_rows(source_name, table_name, key_columns) %}
    select * from {{ source(source_name, table_name) }}
    {%- if jira_octopus_source_layout() == 'airbyte_destination' %}
    qualify row_number() over (
        partition by {{ key_columns | join(', ') }}
        order by _airbyte_extracted_at desc, _airbyte_raw_id desc
    ) = 1
    {%- endif %}
{% endmacro %}

{#
    A source column whose name is an SQL keyword (`from`, `to`): quoted, in the case the warehouse stored it.
    DuckDB matches quoted identifiers without regard to case; Snowflake stores both layouts' columns upper-case
    (PyAirbyte's SnowflakeCache creates them with QUOTED_IDENTIFIERS_IGNORE_CASE, destination-snowflake upper-cases).
#}
{% macro source_column(name) %}
    {{- return(adapter.dispatch('source_column', 'jira_octopus')(name)) -}}
{% endmacro %}

{% macro default__source_column(name) -%}
    "{{ name }}"
{%- endmacro %}

{% macro snowflake__source_column(name) -%}
    "{{ name | upper }}"
{%- endmacro %}
