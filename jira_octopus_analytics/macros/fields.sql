{#
    The string a Jira issue's `fields` object holds for the field whose id is the SQL expression `field_id_expr`
    (the id is data, not known when the SQL is compiled): an object's `id` (status, option, sprint...), a user's
    `accountId` / `key` / `name`, else the scalar itself.
#}
{% macro jira_field_value(fields_expr, field_id_expr) %}
    {{- return(adapter.dispatch('jira_field_value', 'jira_octopus')(fields_expr, field_id_expr)) -}}
{% endmacro %}

{% macro default__jira_field_value(fields_expr, field_id_expr) -%}
    coalesce(
        json_extract_string({{ fields_expr }}, '$."' || {{ field_id_expr }} || '".id'),
        json_extract_string({{ fields_expr }}, '$."' || {{ field_id_expr }} || '".accountId'),
        json_extract_string({{ fields_expr }}, '$."' || {{ field_id_expr }} || '".key'),
        json_extract_string({{ fields_expr }}, '$."' || {{ field_id_expr }} || '".name'),
        case
            when json_type({{ fields_expr }}, '$."' || {{ field_id_expr }} || '"') not in ('OBJECT', 'ARRAY', 'NULL')
                then json_extract_string({{ fields_expr }}, '$."' || {{ field_id_expr }} || '"')
        end
    )
{%- endmacro %}

{% macro snowflake__jira_field_value(fields_expr, field_id_expr) -%}
    {#- `get(...):key` rather than `get(get(...), 'key')`: fakesnow renders the latter as a quoted JSON string #}
    coalesce(
        cast(get({{ fields_expr }}, {{ field_id_expr }}):"id" as varchar),
        cast(get({{ fields_expr }}, {{ field_id_expr }}):"accountId" as varchar),
        cast(get({{ fields_expr }}, {{ field_id_expr }}):"key" as varchar),
        cast(get({{ fields_expr }}, {{ field_id_expr }}):"name" as varchar),
        case
            when typeof(get({{ fields_expr }}, {{ field_id_expr }})) not in ('OBJECT', 'ARRAY', 'NULL_VALUE')
                then trim(cast(get({{ fields_expr }}, {{ field_id_expr }}) as varchar), '"')
        end
    )
{%- endmacro %}
