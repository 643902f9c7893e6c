{#
    Every timestamp leaves staging as a UTC timestamp without zone, so DuckDB and Snowflake compare, subtract and
    truncate the same values whatever the session's time zone.
#}

{# A typed TIMESTAMP WITH TIME ZONE column (the loaders type `format: date-time`) as UTC. #}
{% macro utc_timestamp(expr) %}
    {{- return(adapter.dispatch('utc_timestamp', 'jira_octopus')(expr)) -}}
{% endmacro %}

{% macro default__utc_timestamp(expr) -%}
    timezone('UTC', cast({{ expr }} as timestamptz))
{%- endmacro %}

{% macro snowflake__utc_timestamp(expr) -%}
    cast(convert_timezone('UTC', cast({{ expr }} as timestamp_tz)) as timestamp_ntz)
{%- endmacro %}

{#
    An ISO-8601 string inside a JSON value (`2024-03-01T10:00:00.000+0200`, `...Z`, `...+02:00`) as UTC; null when
    it does not parse. Jira writes offsets without a colon, which both warehouses' casts need: one is added.
#}
{% macro parse_utc_timestamp(expr) %}
    {{- return(adapter.dispatch('parse_utc_timestamp', 'jira_octopus')(expr)) -}}
{% endmacro %}

{% macro default__parse_utc_timestamp(expr) -%}
    timezone('UTC', try_cast(regexp_replace({{ expr }}, '([+-][0-9]{2})([0-9]{2})$', '\1:\2') as timestamptz))
{%- endmacro %}

{% macro snowflake__parse_utc_timestamp(expr) -%}
    cast(convert_timezone('UTC', try_cast(regexp_replace({{ expr }}, '([+-][0-9]{2})([0-9]{2})$', '\\1:\\2') as timestamp_tz)) as timestamp_ntz)
{%- endmacro %}

{# Whole seconds from `start` to `end` (both UTC timestamps from staging). #}
{% macro seconds_between(start, end) -%}
    {{ dbt.datediff(start, end, 'second') }}
{%- endmacro %}

{# A string as a number (DOUBLE / FLOAT), null when it is not one. #}
{% macro try_to_number(expr) -%}
    try_cast({{ expr }} as {{ dbt.type_float() }})
{%- endmacro %}

{# A string as a BIGINT, null when it is not one. #}
{% macro try_to_bigint(expr) -%}
    try_cast({{ expr }} as {{ dbt.type_bigint() }})
{%- endmacro %}

{#
    An open end (null: still valid) as a far-future timestamp, for range joins: `valid_to is null or valid_to > t`
    in a join condition makes DuckDB give up its hash join (minutes at 100,000 issues); `open_end(valid_to) > t`
    keeps it.
#}
{% macro open_end(expr) -%}
    coalesce({{ expr }}, {{ dbt.cast("'9999-12-31 00:00:00'", dbt.type_timestamp()) }})
{%- endmacro %}
