"""The Octopus, DORA and lineage marts on the hand-sized dataset (octopus_fixture.py, whose docstring has the table of
deployments), built by dbt in-process on PyAirbyte's DuckDB layout. Every figure is derived by hand in the comments.

Stream P1/Prod = project Web, environment Production, no tenant. Its deployments, in completion order:
D2 success (R1), D3 failed (R2), D4 success after a guided failure (R2), D5 success (R3), D9 failed, D10 failed,
D11 success (R4); and three that did not complete: D6 canceled, D7 timed out, D8 no task.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from integration_tests.analytics.octopus_marts import Marts, build_on_duckdb

pytestmark = pytest.mark.slow
DAY = 86_400


@pytest.fixture(scope="module")
def marts(tmp_path_factory: pytest.TempPathFactory) -> Marts:
    return build_on_duckdb(Path(tmp_path_factory.mktemp("octopus_duckdb")))


def deployment(marts: Marts, number: int) -> dict[str, Any]:
    return marts["octopus__deployments"][f"Deployments-{number}"]


def test_outcomes_cover_every_task_case(marts: Marts) -> None:
    outcomes = {number: deployment(marts, number)["outcome"] for number in range(1, 17)}
    assert outcomes[6] == "canceled" and outcomes[7] == "timed_out" and outcomes[8] == "no_task"
    assert [n for n, outcome in outcomes.items() if outcome == "failed"] == [3, 9, 10]
    # D8's task was never loaded: no state, no times, neither a success nor a failure.
    d8 = deployment(marts, 8)
    assert (d8["has_task"], d8["task_state"], d8["completed_at"], d8["is_completed"], d8["is_failure"]) == (
        False,
        None,
        None,
        False,
        False,
    )
    # Canceled and timed-out tasks ended but count as neither success nor failure.
    assert not any(deployment(marts, n)[c] for n in (6, 7) for c in ("is_completed", "is_successful", "is_failure"))


def test_failure_is_failed_or_success_after_guided_failure(marts: Marts) -> None:
    # D4: task Success, a guided failure prompt (Interruptions-1, Guidance Retry) -> an Octopus failure.
    d4 = deployment(marts, 4)
    assert (d4["outcome"], d4["had_guided_failure"], d4["guided_failure_count"], d4["is_failure"]) == (
        "success",
        True,
        1,
        True,
    )
    # D9: a manual intervention (Interruptions-2) is an interruption but not a guided failure.
    d9 = deployment(marts, 9)
    assert (d9["interruption_count"], d9["guided_failure_count"], d9["had_guided_failure"]) == (1, 0, False)
    assert sorted(n for n in range(1, 17) if deployment(marts, n)["is_failure"]) == [3, 4, 9, 10]


def test_names_times_and_offsets(marts: Marts) -> None:
    d5 = deployment(marts, 5)
    assert (d5["space_name"], d5["project_name"], d5["environment_name"], d5["channel_name"]) == (
        "Default",
        "Web",
        "Production",
        "Default",
    )
    # Times sent at +02:00 land in UTC: 12:00+02:00 -> 10:00Z, 12:15+02:00 -> 10:15Z; 15 minutes.
    assert (d5["started_at"], d5["completed_at"], d5["duration_seconds"]) == (
        datetime(2024, 3, 6, 10, 0),
        datetime(2024, 3, 6, 10, 15),
        900,
    )
    # R3 was assembled at 09:00+02:00 = 07:00Z.
    assert d5["release_version"] == "1.2.0" and d5["release_assembled_at"] == datetime(2024, 3, 6, 7, 0)
    assert deployment(marts, 12)["tenant_name"] == "Acme" and deployment(marts, 2)["tenant_name"] is None
    # Queued 10:59, started 11:00, completed 11:10.
    assert (deployment(marts, 2)["queue_wait_seconds"], deployment(marts, 2)["duration_seconds"]) == (60, 600)


def test_is_production_default_pattern(marts: Marts) -> None:
    by_environment = {row["environment_name"]: row["is_production"] for row in marts["octopus__deployments"].values()}
    assert by_environment == {"Dev": False, "Pre-Prod": False, "Production": True}


def test_redeployments(marts: Marts) -> None:
    # An earlier deployment of the same release to the same stream completed before this one was created:
    # D4 (R2 after D3 failed), D6 (R3 after D5), D10 and D11 (R4 after D9); D14 (R5 to Acme after D12).
    # Not D8 or D9: D7 timed out and D8 never ran, so R4 had not been deployed. Not D13: another tenant (Globex).
    assert sorted(n for n in range(1, 17) if deployment(marts, n)["is_redeployment"]) == [4, 6, 10, 11, 14]


def test_rework(marts: Marts) -> None:
    # Completed and (a redeployment or right after a failure on the stream): D4 (redeployment, after D3),
    # D5 (after D4, itself a failure), D10 (both), D11 (both), D14 (redeployment). D6 is a redeployment but canceled.
    assert sorted(n for n in range(1, 17) if deployment(marts, n)["is_rework"]) == [4, 5, 10, 11, 14]


def test_lead_time_octopus_definition(marts: Marts) -> None:
    lead = {n: deployment(marts, n)["lead_time_seconds"] for n in range(1, 17)}
    # First successful deployment of a stream: from its own release. D1: R1 09:00 -> 10:05; D2: -> 11:10.
    assert (lead[1], lead[2]) == (65 * 60, 130 * 60)
    # D4 (R2 after D2's R1): R2 09:00 03-05 -> 11:30. D5: R3 07:00Z 03-06 -> 10:15. D11: R4 03-07 08:00 -> 03-08 12:00.
    assert (lead[4], lead[5], lead[11]) == (150 * 60, 195 * 60, 28 * 3600)
    # D16 takes Dev from R1 to R4: R2, R3 and R4 are new there; the earliest, R2 (03-05 09:00) -> 03-07 10:00 = 49 h.
    assert lead[16] == 49 * 3600
    # No lead time: failures, no completion, and D14 (R5 again to Acme: nothing new).
    assert [n for n, seconds in lead.items() if seconds is None] == [3, 6, 7, 8, 9, 10, 14]


def test_recovery_octopus_definition(marts: Marts) -> None:
    # Failures D3 (03-05 10:20) and D4 end with D5 (03-06 10:15): 23 h 55 min from the first failure's completion.
    d5 = deployment(marts, 5)
    assert (d5["recovered_from_deployment_id"], d5["deployments_until_recovery"], d5["recovery_seconds"]) == (
        "Deployments-3",
        2,
        23 * 3600 + 55 * 60,
    )
    # Failures D9 (03-08 09:10) and D10 end with D11 (12:00): 2 h 50 min; canceled/timed-out/no-task ones are ignored.
    d11 = deployment(marts, 11)
    assert (d11["recovered_from_deployment_id"], d11["deployments_until_recovery"], d11["recovery_seconds"]) == (
        "Deployments-9",
        2,
        2 * 3600 + 50 * 60,
    )
    assert sorted(n for n in range(1, 17) if deployment(marts, n)["recovery_seconds"] is not None) == [5, 11]


def dora(marts: Marts, grain: str, project: str, environment: str, tenant: str | None, start: str) -> dict[str, Any]:
    key = f"{project}|{environment}|{tenant or ''}|{start}"
    return marts[f"octopus__dora_{grain}"][key]


def test_dora_weekly_production(marts: Marts) -> None:
    row = dora(marts, "weekly", "Projects-1", "Environments-3", None, "2024-03-04")
    # 10 deployments (D2-D11); completed 7; successful (task Success) D2 D4 D5 D11; failures D3 D4 D9 D10;
    # one each canceled, timed out, without task; rework D4 D5 D10 D11.
    assert (row["deployments"], row["completed_deployments"], row["successful_deployments"]) == (10, 7, 4)
    assert (row["failed_deployments"], row["canceled_deployments"], row["timed_out_deployments"]) == (4, 1, 1)
    assert (row["deployments_without_task"], row["rework_deployments"], row["is_production"]) == (1, 4, True)
    assert row["deployments_per_day"] == pytest.approx(4 / 7)
    # Lead times 7800, 9000, 11700, 100800 s: median (9000 + 11700) / 2.
    assert (row["lead_time_deployments"], row["lead_time_median_seconds"]) == (4, 10350)
    assert row["change_failure_rate"] == pytest.approx(4 / 7) and row["rework_rate"] == pytest.approx(4 / 7)
    # Recoveries 86100 and 10200 s: median 48150.
    assert (row["recoveries"], row["recovery_median_seconds"]) == (2, 48150)


def test_dora_daily_and_monthly(marts: Marts) -> None:
    # 03-08: D9, D10 failed, D11 succeeded (lead 100800, recovery 10200); D10 and D11 are rework.
    day = dora(marts, "daily", "Projects-1", "Environments-3", None, "2024-03-08")
    assert (day["deployments"], day["successful_deployments"], day["failed_deployments"]) == (3, 1, 2)
    assert (day["deployments_per_day"], day["lead_time_median_seconds"], day["recovery_median_seconds"]) == (
        1,
        100800,
        10200,
    )
    assert day["change_failure_rate"] == pytest.approx(2 / 3) and day["rework_rate"] == pytest.approx(2 / 3)
    # 03-07: D7 timed out (completed 10:00) and D8 without task (created 12:00): nothing completed, no rates.
    quiet = dora(marts, "daily", "Projects-1", "Environments-3", None, "2024-03-07")
    assert (quiet["deployments"], quiet["completed_deployments"], quiet["change_failure_rate"]) == (2, 0, None)
    # March: the same ten deployments as the week; 4 successful over 31 days.
    month = dora(marts, "monthly", "Projects-1", "Environments-3", None, "2024-03-01")
    assert (month["deployments"], month["lead_time_median_seconds"]) == (10, 10350)
    assert month["deployments_per_day"] == pytest.approx(4 / 31)


def test_dora_tenants_are_separate_streams(marts: Marts) -> None:
    acme = dora(marts, "weekly", "Projects-2", "Environments-3", "Tenants-1", "2024-03-04")
    globex = dora(marts, "weekly", "Projects-2", "Environments-3", "Tenants-2", "2024-03-04")
    # R5 assembled 12:00; D12 (Acme) completed 13:00, D13 (Globex) 14:00.
    assert (acme["tenant_name"], acme["lead_time_median_seconds"], acme["rework_rate"]) == ("Acme", 3600, 0)
    assert (globex["tenant_name"], globex["lead_time_median_seconds"]) == ("Globex", 7200)
    # D14 the next week redeploys R5 to Acme: rework 1/1, no lead time.
    next_week = dora(marts, "weekly", "Projects-2", "Environments-3", "Tenants-1", "2024-03-11")
    assert (next_week["successful_deployments"], next_week["rework_rate"], next_week["lead_time_median_seconds"]) == (
        1,
        1,
        None,
    )
    assert len(marts["octopus__dora_weekly"]) == 6  # Web x {Dev, Pre-Prod, Production}, Acme x 2 weeks, Globex


def test_dora_jira_incident_signal(marts: Marts) -> None:
    # Incidents WEB-6 (03-05 10:30 -> 12:30) and WEB-7 (03-08, open) go to Octopus project Web (name = key "WEB",
    # case-insensitive) on its production environment; WEB-8 was deleted and does not count.
    week = dora(marts, "weekly", "Projects-1", "Environments-3", None, "2024-03-04")
    assert (week["jira_incidents_opened"], week["jira_incidents_resolved"]) == (2, 1)
    assert week["jira_incident_recovery_median_seconds"] == 7200
    assert week["jira_change_failure_rate"] == pytest.approx(2 / 4)  # 2 incidents / 4 successful deployments
    day = dora(marts, "daily", "Projects-1", "Environments-3", None, "2024-03-05")
    assert (day["jira_incidents_opened"], day["jira_incidents_resolved"], day["successful_deployments"]) == (1, 1, 1)
    # No incident lands on the tenanted project or on a non-production environment.
    others = [
        r for r in marts["octopus__dora_weekly"].values() if r["project_id"] != "Projects-1" or not r["is_production"]
    ]
    assert all(r["jira_incidents_opened"] == 0 for r in others)


def test_issue_deployments_lineage(marts: Marts) -> None:
    links = marts["lineage__issue_deployments"].values()
    by_deployment: dict[str, list[tuple[str, str, str]]] = {}
    for link in links:
        by_deployment.setdefault(link["deployment_id"], []).append(
            (link["issue_key"], link["release_version"], link["link_source"])
        )
    shipped = {int(d.split("-")[1]): sorted(items) for d, items in by_deployment.items()}
    changes, release = "deployment_changes", "release_work_items"
    # D3 sent Changes[]: exactly its three keys under 1.1.0. D4 sent none: R2's work items stand in.
    assert shipped[3] == [("NOPE-9", "1.1.0", changes), ("WEB-2", "1.1.0", changes), ("WEB-3", "1.1.0", changes)]
    assert shipped[4] == [("NOPE-9", "1.1.0", release), ("WEB-2", "1.1.0", release), ("WEB-3", "1.1.0", release)]
    # D5 sent an empty Changes[] and D6 none: R3's build information stands in, and it lists nothing.
    assert 5 not in shipped and 6 not in shipped
    # D14 sent an empty Changes[]: R5's work items stand in.
    assert shipped[14] == [("WEB-5", "2.0.0", release)]
    # D16 brings R2..R4 to Dev: Changes name WEB-3 under 1.1.0 and WEB-4 under 1.3.0 (1.2.0's WorkItems is null).
    assert shipped[16] == [("WEB-3", "1.1.0", changes), ("WEB-4", "1.3.0", changes)]
    # 2 + 2 + 3 + 3 + (D7, D8, D9, D10, D11: WEB-4 each) + (D12, D13, D14: WEB-5) + D15 WEB-4 + 2 = 21 rows.
    assert len(marts["lineage__issue_deployments"]) == 21
    assert {link["is_in_jira"] for link in links if link["issue_key"] == "NOPE-9"} == {False}


def test_issue_to_production(marts: Marts) -> None:
    rows = marts["lineage__issue_to_production"]
    assert sorted(rows) == ["NOPE-9", "WEB-1", "WEB-2", "WEB-3", "WEB-4", "WEB-5"]
    # WEB-1: created 03-01 10:00+0200 = 08:00Z, resolved 03-04 10:00; first release R1; in production with D2 at
    # 03-04 11:10: 3 d 3 h 10 min and 1 h 10 min.
    web1 = rows["WEB-1"]
    assert (web1["first_release_version"], web1["first_production_deployment_id"]) == ("1.0.0", "Deployments-2")
    assert (web1["created_to_production_seconds"], web1["resolved_to_production_seconds"]) == (
        3 * DAY + 3 * 3600 + 600,
        3600 + 600,
    )
    # WEB-2 is in R1 and R2: first release R1, shipped by D2; resolved 03-05 08:00, after shipping: -20 h 50 min.
    web2 = rows["WEB-2"]
    assert (web2["first_release_id"], web2["first_production_deployment_id"]) == ("Releases-1", "Deployments-2")
    assert (web2["created_to_production_seconds"], web2["resolved_to_production_seconds"]) == (
        2 * DAY + 3 * 3600 + 600,
        -(20 * 3600 + 50 * 60),
    )
    # WEB-3: D3 failed; D4 (Success, guided failure; the code reached production) at 03-05 11:30; unresolved.
    web3 = rows["WEB-3"]
    assert (web3["first_production_deployment_id"], web3["created_to_production_seconds"]) == (
        "Deployments-4",
        47 * 3600 + 1800,
    )
    assert web3["resolved_to_production_seconds"] is None
    # WEB-4: D7 timed out, D8 no task, D9 and D10 failed; D11 at 03-08 12:00: 60 h after created, 24 h after resolved.
    web4 = rows["WEB-4"]
    assert (web4["first_production_deployment_id"], web4["created_to_production_seconds"]) == (
        "Deployments-11",
        60 * 3600,
    )
    assert web4["resolved_to_production_seconds"] == DAY
    # WEB-5 (tenanted Api): first D12 (Acme) at 03-04 13:00: 85 h after created 03-01 00:00.
    assert (rows["WEB-5"]["first_production_deployment_id"], rows["WEB-5"]["created_to_production_seconds"]) == (
        "Deployments-12",
        85 * 3600,
    )
    # A key Jira does not know still has its release and production deployment, but no Jira times.
    nope = rows["NOPE-9"]
    assert (nope["is_in_jira"], nope["first_release_version"], nope["first_production_deployment_id"]) == (
        False,
        "1.1.0",
        "Deployments-4",
    )
    assert nope["created_to_production_seconds"] is None


def test_issue_to_production_weekly_percentiles(marts: Marts) -> None:
    (row,) = marts["lineage__issue_to_production_weekly"].values()
    assert (row["jira_project_key"], str(row["week_start"]), row["issues_to_production"]) == ("WEB", "2024-03-04", 5)
    # created -> production, sorted: 171000, 184200, 216000, 270600, 306000. Median 216000; p85 at position
    # 0.85 * 4 = 3.4: 270600 + 0.4 * (306000 - 270600) = 284760.
    assert row["created_to_production_median_seconds"] == 216000
    assert row["created_to_production_p85_seconds"] == pytest.approx(284760)
    # resolved -> production (WEB-3 unresolved): -75000, 1800, 4200, 86400. Median 3000; p85 at 0.85 * 3 = 2.55:
    # 4200 + 0.55 * (86400 - 4200) = 49410.
    assert row["resolved_issues_to_production"] == 4
    assert row["resolved_to_production_median_seconds"] == 3000
    assert row["resolved_to_production_p85_seconds"] == pytest.approx(49410)


def test_vars_production_list_incident_types_and_project_map(tmp_path: Path) -> None:
    dbt_vars = {
        "jira_octopus_production_environments": ["pre-prod"],
        "jira_octopus_incident_issue_types": ["Incident", "bug"],
        "jira_octopus_incident_octopus_projects": {"WEB": "Api"},
    }
    marts = build_on_duckdb(tmp_path, dbt_vars)
    # A list of names instead of the pattern: Pre-Prod becomes production, Production stops being it.
    flags = {row["environment_name"]: row["is_production"] for row in marts["octopus__deployments"].values()}
    assert flags == {"Dev": False, "Pre-Prod": True, "Production": False}
    # WEB-4 now first reaches "production" with D15 (Pre-Prod, 03-07 09:30).
    assert marts["lineage__issue_to_production"]["WEB-4"]["first_production_deployment_id"] == "Deployments-15"
    # Incidents: WEB-6, WEB-7 and now the Bug WEB-2, charged to Api (the map) on the space's production environment
    # with the highest sort order, Pre-Prod, untenanted: rows that have no deployment at all.
    # Week of 02-26: WEB-2 opened (Sat 03-02). Week of 03-04: WEB-6 and WEB-7 opened; WEB-2 (72 h) and WEB-6 (2 h)
    # resolved: median (259200 + 7200) / 2 = 133200.
    earlier = dora(marts, "weekly", "Projects-2", "Environments-2", None, "2024-02-26")
    assert (earlier["jira_incidents_opened"], earlier["jira_incidents_resolved"], earlier["deployments"]) == (1, 0, 0)
    week = dora(marts, "weekly", "Projects-2", "Environments-2", None, "2024-03-04")
    assert (week["environment_name"], week["is_production"], week["deployments"]) == ("Pre-Prod", True, 0)
    assert (week["jira_incidents_opened"], week["jira_incidents_resolved"]) == (2, 2)
    assert (week["jira_incident_recovery_median_seconds"], week["jira_change_failure_rate"]) == (133200, None)
    assert all(
        row["jira_incidents_opened"] == 0
        for row in marts["octopus__dora_weekly"].values()
        if row["project_id"] == "Projects-1"
    )
