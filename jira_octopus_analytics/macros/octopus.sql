{#
    Whether an Octopus environment name is a production environment. Var `jira_octopus_production_environments` is
    either a list of names (compared case-insensitively) or a regular expression that must match the whole lower-cased
    name. The default matches `prod`, `production`, and names that start with one of them followed by a separator
    (`Production-EU`, `prod us`), but not `Pre-Prod`, `Non-Production` or `Products`.
#}
{% macro is_production_environment(name_expr) -%}
    {%- set setting = var('jira_octopus_production_environments', '^prod(uction)?([^a-z0-9].*)?$') -%}
    {%- if setting is string -%}
        coalesce({{ jira_octopus.regex_full_match('lower(' ~ name_expr ~ ')', setting) }}, false)
    {%- elif setting -%}
        coalesce(lower({{ name_expr }}) in (
            {%- for name in setting %}'{{ name | lower | replace("'", "''") }}'{{ ", " if not loop.last }}{% endfor -%}
        ), false)
    {%- else -%}
        false
    {%- endif -%}
{%- endmacro %}

{# Whether the string `expr` matches the regular expression `pattern` (a Python string) as a whole. #}
{% macro regex_full_match(expr, pattern) %}
    {{- return(adapter.dispatch('regex_full_match', 'jira_octopus')(expr, pattern)) -}}
{% endmacro %}

{% macro default__regex_full_match(expr, pattern) -%}
    regexp_full_match({{ expr }}, '{{ pattern | replace("'", "''") }}')
{%- endmacro %}

{% macro snowflake__regex_full_match(expr, pattern) -%}
    regexp_like({{ expr }}, '{{ pattern | replace("\\", "\\\\") | replace("'", "\\'") }}')
{%- endmacro %}

{#
    The continuous percentile `fraction` (0.5 = median) of `expr` in an aggregate, as a double. DuckDB spells it
    `quantile_cont(x, f)`, Snowflake `percentile_cont(f) within group (order by x)`.
#}
{% macro percentile_cont(expr, fraction) %}
    {{- return(adapter.dispatch('percentile_cont', 'jira_octopus')(expr, fraction)) -}}
{% endmacro %}

{% macro default__percentile_cont(expr, fraction) -%}
    quantile_cont(cast({{ expr }} as double), {{ fraction }})
{%- endmacro %}

{% macro snowflake__percentile_cont(expr, fraction) -%}
    cast(percentile_cont({{ fraction }}) within group (order by cast({{ expr }} as double)) as double)
{%- endmacro %}

{# A ratio as a double; null when the denominator is 0. #}
{% macro safe_ratio(numerator, denominator) -%}
    cast({{ numerator }} as double) / nullif({{ denominator }}, 0)
{%- endmacro %}

{# Whether the JSON / VARIANT value `expr` is an array with at least one element (false for SQL null, JSON null,
   an empty array, objects and scalars). #}
{% macro json_is_nonempty_array(expr) %}
    {{- return(adapter.dispatch('json_is_nonempty_array', 'jira_octopus')(expr)) -}}
{% endmacro %}

{% macro default__json_is_nonempty_array(expr) -%}
    coalesce(json_type({{ expr }}) = 'ARRAY' and json_array_length({{ expr }}) > 0, false)
{%- endmacro %}

{% macro snowflake__json_is_nonempty_array(expr) -%}
    coalesce(is_array({{ expr }}) and array_size({{ expr }}) > 0, false)
{%- endmacro %}
