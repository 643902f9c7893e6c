{#
    JSON paths on the loaded object columns: DuckDB's JSON type (PyAirbyte's DuckDB cache) and Snowflake's
    VARIANT / OBJECT / ARRAY (SnowflakeCache, destination-snowflake). `path` is a list of keys (and integer
    indexes), e.g. ['status', 'statusCategory', 'key'], so no key is ever parsed out of a string.
#}
{% macro json_string(expr, path) %}
    {{- return(adapter.dispatch('json_string', 'jira_octopus')(expr, path)) -}}
{% endmacro %}

{% macro default__json_string(expr, path) -%}
    json_extract_string({{ expr }}, '{{ jira_octopus._duckdb_json_path(path) }}')
{%- endmacro %}

{% macro snowflake__json_string(expr, path) -%}
    cast({{ jira_octopus._snowflake_json_get(expr, path) }} as varchar)
{%- endmacro %}

{# The JSON value at `path` (an object or array stays JSON / VARIANT). #}
{% macro json_value(expr, path) %}
    {{- return(adapter.dispatch('json_value', 'jira_octopus')(expr, path)) -}}
{% endmacro %}

{% macro default__json_value(expr, path) -%}
    json_extract({{ expr }}, '{{ jira_octopus._duckdb_json_path(path) }}')
{%- endmacro %}

{% macro snowflake__json_value(expr, path) -%}
    {{ jira_octopus._snowflake_json_get(expr, path) }}
{%- endmacro %}

{#
    A join clause that gives one row per element of the JSON array `expr`, the element as `<alias>.value`
    (JSON / VARIANT), its 0-based position as `<alias>.index`. Rows whose array is null or empty drop out.
    Put it after the FROM item it refers to: `from t {{ json_array_rows('t.items', 'item') }}`.
#}
{% macro json_array_rows(expr, alias) %}
    {{- return(adapter.dispatch('json_array_rows', 'jira_octopus')(expr, alias)) -}}
{% endmacro %}

{% macro default__json_array_rows(expr, alias) -%}
    cross join lateral (
        select unnest(cast({{ expr }} as json[])) as value, generate_subscripts(cast({{ expr }} as json[]), 1) - 1 as index
    ) as {{ alias }}
{%- endmacro %}

{% macro snowflake__json_array_rows(expr, alias) -%}
    , lateral flatten(input => {{ expr }}) as {{ alias }}
{%- endmacro %}

{% macro _duckdb_json_path(path) -%}
    ${% for key in path %}{% if key is number %}[{{ key }}]{% else %}."{{ key }}"{% endif %}{% endfor %}
{%- endmacro %}

{# Snowflake's path syntax (`col:"a"."b"[0]`): keys stay case-sensitive, and fakesnow reads it as Snowflake does. #}
{% macro _snowflake_json_get(expr, path) -%}
    {{ expr }}{% for key in path %}{% if key is number %}[{{ key }}]{% elif loop.first %}:"{{ key }}"{% else %}."{{ key }}"{% endif %}{% endfor %}
{%- endmacro %}

{#
    A join clause that gives one row per item of the delimited string `expr` ('12, 13'); read the item, trimmed, with
    `split_item(alias)`. Rows whose string is null drop out.
#}
{% macro split_rows(expr, delimiter, alias) %}
    {{- return(adapter.dispatch('split_rows', 'jira_octopus')(expr, delimiter, alias)) -}}
{% endmacro %}

{% macro default__split_rows(expr, delimiter, alias) -%}
    cross join unnest(string_split({{ expr }}, '{{ delimiter }}')) as {{ alias }}(value)
{%- endmacro %}

{% macro snowflake__split_rows(expr, delimiter, alias) -%}
    , lateral flatten(input => split({{ expr }}, '{{ delimiter }}')) as {{ alias }}
{%- endmacro %}

{% macro split_item(alias) %}
    {{- return(adapter.dispatch('split_item', 'jira_octopus')(alias)) -}}
{% endmacro %}

{% macro default__split_item(alias) -%}
    nullif(trim({{ alias }}.value), '')
{%- endmacro %}

{% macro snowflake__split_item(alias) -%}
    nullif(trim(cast({{ alias }}.value as varchar)), '')
{%- endmacro %}
