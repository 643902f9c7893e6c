{#
    A FROM item with one row per day, column `day` (a DATE), from `start_date` to `end_date` inclusive; both are SQL
    expressions (they may be scalar subqueries).
#}
{% macro day_spine(start_date, end_date) %}
    {{- return(adapter.dispatch('day_spine', 'jira_octopus')(start_date, end_date)) -}}
{% endmacro %}

{% macro default__day_spine(start_date, end_date) -%}
    (
        select cast(d as date) as day
        from unnest(generate_series(cast({{ start_date }} as date), cast({{ end_date }} as date), interval 1 day)) as g(d)
    )
{%- endmacro %}

{# Snowflake: 0..99,999 days (274 years) from digit cross joins, cut to the range. #}
{% macro snowflake__day_spine(start_date, end_date) -%}
    (
        with digits as (
            select column1 as n from values (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)
        ),
        offsets as (
            select d1.n + 10 * d2.n + 100 * d3.n + 1000 * d4.n + 10000 * d5.n as n
            from digits as d1 cross join digits as d2 cross join digits as d3 cross join digits as d4 cross join digits as d5
        )
        select dateadd(day, n, cast({{ start_date }} as date)) as day
        from offsets
        where n <= datediff(day, cast({{ start_date }} as date), cast({{ end_date }} as date))
    )
{%- endmacro %}
