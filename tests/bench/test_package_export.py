"""The export rows' harness (bench/package_export.py) measured against a stub command that
holds a known amount of memory for a known time and writes a small package; the real
`export_package` is run by the short benchmark (tests/bench/test_run.py)."""

import sys
from pathlib import Path

from bench import package_export
from bench.package_export import GOAL_RSS_MB, export_command, markdown, read_package, time_export

STUB = [sys.executable, str(Path(__file__).with_name("stub_export_package.py"))]


def _stub(*options):
    return [*STUB, *map(str, options)]


def test_a_row_reports_the_childs_seconds_peak_memory_and_what_the_package_holds(tmp_path):
    row = time_export("full", _stub("--megabytes", 120, "--seconds", 0.6, "--groups", 3), tmp_path)
    assert row["exit_code"] == 0
    assert row["seconds"] >= 0.6
    # the child's own high-water mark: its 120 MB, not the test process's memory
    assert 120 <= row["peak_rss_mb"] < 120 + 60, row
    assert row["objects"] == {"partner": 1, "programDirection": 0, "program": 1, "group": 3, "schedule": 4}
    assert row["deleted"] == 1
    assert row["kind"] == "full"
    assert row["goal_met"] is True
    assert len(row["load"]) == 2  # the machine's load at both ends, beside the wall seconds
    assert not (tmp_path / "export_full.xml").exists()  # not kept unless asked


def test_a_child_holding_little_reports_little_while_the_benchmark_holds_much(tmp_path):
    # spawned straight from this process, the child's ru_maxrss would be at least this
    # process's 200 MB (Linux keeps the spawning image's high-water mark across exec)
    held = b"x" * (200 * 1024 * 1024)
    row = time_export("small", _stub("--groups", 1), tmp_path)
    assert row["peak_rss_mb"] < 60, row  # a bare interpreter
    del held


def test_memory_over_the_goal_misses_it(tmp_path):
    row = time_export("big", _stub("--megabytes", GOAL_RSS_MB + 20), tmp_path)
    assert row["peak_rss_mb"] > GOAL_RSS_MB
    assert row["goal_met"] is False


def test_time_over_the_goal_misses_it(tmp_path, monkeypatch):
    monkeypatch.setattr(package_export, "GOAL_SECONDS", 0.3)
    assert time_export("slow", _stub("--seconds", 0.5), tmp_path)["goal_met"] is False


def test_the_samples_follow_the_memory_as_it_grows(tmp_path):
    row = time_export("growing", _stub("--megabytes", 100, "--steps", 5, "--seconds", 2), tmp_path)
    samples = [mb for _, mb in row["rss_samples_mb"]]
    assert len(samples) >= 5
    assert samples[0] < 60 < 90 < samples[-1], samples
    assert row["sampled_hwm_mb"] <= row["peak_rss_mb"] + 1


def test_a_failing_export_is_reported_with_its_message(tmp_path):
    row = time_export("failing", _stub("--exit", 2), tmp_path)
    assert row["exit_code"] == 2
    assert "the stub was told to fail" in row["error"]
    assert row["goal_met"] is False
    assert "**missed** (exit 2: CommandError: the stub was told to fail)" in "\n".join(
        markdown({"goal_seconds": 60, "goal_rss_mb": 300, "startup": {"peak_rss_mb": 1}, "rows": [row]})
    )


def test_a_malformed_package_misses_the_goal(tmp_path):
    row = time_export("malformed", _stub("--malformed"), tmp_path)
    assert row["exit_code"] == 0
    assert "error" in row
    assert row["goal_met"] is False


def test_an_export_past_its_timeout_is_killed_and_reported(tmp_path):
    row = time_export("stuck", _stub("--seconds", 30), tmp_path, timeout=1)
    assert row["seconds"] < 10
    assert row["timed_out"] is True
    assert row["goal_met"] is False


def test_the_package_can_be_kept(tmp_path):
    time_export("kept", _stub(), tmp_path, keep=True)
    assert read_package(tmp_path / "export_kept.xml")["objects"]["group"] == 2


def test_the_rows_command_lines():
    assert export_command()[1:] == [str(package_export.BASE / "manage.py"), "export_package"]
    assert export_command(since="2026-12-01T00:00:00+00:00", organisation=7)[2:] == [
        "export_package",
        "--since",
        "2026-12-01T00:00:00+00:00",
        "--organisation",
        "7",
    ]


def test_the_markdown_gives_each_rows_figures_and_the_memory_trace(tmp_path):
    row = time_export("full", _stub("--megabytes", 40, "--steps", 2, "--seconds", 0.6), tmp_path)
    text = "\n".join(
        markdown({"goal_seconds": 60, "goal_rss_mb": 300, "startup": {"peak_rss_mb": 55.5}, "rows": [row]})
    )
    assert "Django's start-up alone 55.5 MB" in text
    assert (
        f"| full | `stub_export_package.py --megabytes 40 --steps 2 --seconds 0.6` | {row['seconds']} |"
        in text
    )
    assert "| 1 | 0 | 1 | 2 | 3 | 1 | met |" in text
    assert "Resident set of the full export over its run" in text


def test_without_the_exporter_the_rows_are_left_out(tmp_path, monkeypatch):
    # a tree from before the exporter (a before/after run in a worktree) reports no export rows
    monkeypatch.setattr(package_export, "exporter_exists", lambda: False)
    assert package_export.export_rows(tmp_path) is None


def test_the_exporter_is_found():
    assert package_export.exporter_exists()
