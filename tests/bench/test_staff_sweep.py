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


class _Page:
    def __init__(self, html):
        self.text, self.status_code, self.headers = html, 200, {"Content-Type": "text/html"}


class _Session:
    """The landing page links to the catalogue and a staff list; the catalogue to many clubs."""

    PAGES = {
        "/": '<a href="/clubs/">clubs</a><a href="/staff/groups/">groups</a>',
        "/clubs/": "".join(f'<a href="/clubs/club-{n}/">{n}</a>' for n in range(30)),
        "/staff/groups/": '<a href="/staff/groups/new/">new</a><a href="/staff/groups/7/">7</a>',
    }

    def get(self, url, timeout=None):
        return _Page(self.PAGES.get(url.removeprefix(HOST), ""))


def test_discover_puts_the_second_steps_staff_pages_before_a_few_public_ones():
    from bench.staff_sweep import PUBLIC_SECOND_STEP, discover

    found = discover(_Session(), HOST)
    assert found[:5] == ["/", "/clubs/", "/staff/groups/", "/staff/groups/new/", "/staff/groups/7/"]
    assert len([path for path in found if path.startswith("/clubs/club-")]) == PUBLIC_SECOND_STEP
