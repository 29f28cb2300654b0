"""The staff sweep follows the portal's own page links and nothing else."""

from bench.staff_sweep import page_links, slowest

HOST = "http://127.0.0.1:8100"


def test_page_links_keep_the_portals_pages_once_each_and_skip_files_and_logout():
    html = """
    <a href="/staff/programs/">Программы</a>
    <a href="/staff/programs/?page=2">2</a>
    <a href="groups/">relative</a>
    <a href="https://elsewhere.example.org/x">out</a>
    <a href="/static/css/portal.css">css</a>
    <a href="/staff/groups/5/export.xlsx">xlsx</a>
    <a href="/accounts/logout/">out</a>
    <a href="/innovation/dashboard/#chart">dashboard</a>
    """
    assert page_links(html, f"{HOST}/staff/", HOST) == [
        "/staff/programs/",
        "/staff/groups/",
        "/innovation/dashboard/",
    ]


def test_slowest_orders_timed_pages_by_p95_and_leaves_out_failures():
    rows = [
        {"role": "a", "path": "/1", "status": 200, "p95_ms": 10},
        {"role": "a", "path": "/2", "status": 500},
        {"role": "b", "path": "/3", "status": 200, "p95_ms": 90},
    ]
    assert [row["path"] for row in slowest(rows, 5)] == ["/3", "/1"]
