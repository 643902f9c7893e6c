"""Issue 15, item 7 over real HTTP against the fake Octopus: `take` on every list request."""

from testkit.reading import OCTOPUS_STREAMS, read_streams

PAGE_SIZE = 7
# Octopus requests that are not skip/take lists: the API root, the caller, permissions, the reporting feed (XML).
NOT_LISTS = ("/api", "/api/users/me")
NOT_LIST_ENDINGS = ("/permissions", "/reporting/deployments/xml")


def test_every_octopus_list_request_names_its_take(fake_api):
    """The server's default page size differs by endpoint (10 on events and tasks, 30 elsewhere), so none is relied on."""
    config = fake_api.connector_config(jira=None)
    config["octopus"]["page_size"] = PAGE_SIZE
    output = read_streams(config, OCTOPUS_STREAMS)
    assert not output.errors
    lists = [
        r
        for r in fake_api.requests
        if r.path.startswith("/api") and r.path not in NOT_LISTS and not r.path.endswith(NOT_LIST_ENDINGS)
    ]
    assert len({r.path for r in lists}) > 60, "the read must reach every kind in every space"
    untaken = sorted({r.path for r in lists if not r.param("take")})
    assert not untaken, f"lists read without take: {untaken}"
    other_sizes = {(r.path, r.param("take")) for r in lists if r.param("take") != str(PAGE_SIZE)}
    assert other_sizes <= {(r.path, "1") for r in lists if r.path.endswith("/environments/v2")}, other_sizes
    assert any(r.param("skip") == str(PAGE_SIZE) for r in lists if r.path.endswith("/events")), "events paged"
