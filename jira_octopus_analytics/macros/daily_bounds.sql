{# The daily models' last day: var jira_octopus_daily_end_date, else today (UTC). #}
{% macro jira_octopus_daily_end_date() -%}
    {%- set end_date = var('jira_octopus_daily_end_date') -%}
    {%- if end_date -%}
        cast('{{ end_date }}' as date)
    {%- else -%}
        cast({{ jira_octopus.utc_timestamp(dbt.current_timestamp()) }} as date)
    {%- endif -%}
{%- endmacro %}

{# The daily models' first day: var jira_octopus_daily_start_date, else the SQL expression `data_start`. #}
{% macro jira_octopus_daily_start_date(data_start) -%}
    {%- set start_date = var('jira_octopus_daily_start_date') -%}
    {%- if start_date -%}
        cast('{{ start_date }}' as date)
    {%- else -%}
        cast({{ data_start }} as date)
    {%- endif -%}
{%- endmacro %}
