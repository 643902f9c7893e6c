{{ config(enabled=var('jira_octopus_using_jira', true)) }}
-- jira__daily_cumulative_flow has one row per day x project x status category, and never a negative count.
select day, project_id, status_category, count(*) as rows_of_the_grain, min(issue_count) as lowest_count
from {{ ref('jira__daily_cumulative_flow') }}
group by day, project_id, status_category
having count(*) > 1 or min(issue_count) < 0
