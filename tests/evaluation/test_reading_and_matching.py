"""Reading exports as spreadsheets write them, matching rows to posts, scorecard rungs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from crosspost.content.item import SourceItem
from crosspost.errors import ResultsError
from crosspost.evaluation.audit import cohens_d
from crosspost.evaluation.layouts import load_layouts
from crosspost.evaluation.matching import match_results, normalise_url
from crosspost.evaluation.metrics import totals
from crosspost.evaluation.records import Publication
from crosspost.evaluation.results import ResultRow, read_results
from crosspost.evaluation.scorecard import scorecard
from crosspost.strategy.canvas import Kpi, PlatformPlan

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_bundled_layouts_load_and_each_example_export_is_recognised() -> None:
    layouts = {layout.id: layout for layout in load_layouts()}
    assert {"generic", "x-tweet-activity", "instagram-business-suite",
            "facebook-insights-posts"} <= set(layouts)
    assert all(layout.sources for layout in layouts.values())
    seen = {read_results(p)[0].layout for p in sorted((EXAMPLES / "results").glob("*.csv"))}
    assert seen == {"generic", "x-tweet-activity", "instagram-business-suite"}



def test_a_layout_folder_of_ones_own_is_read_again_after_an_edit(tmp_path: Path) -> None:
    """Bundled layouts are remembered; a user's folder is not, so an edit in a notebook
    session counts at once."""
    bundled = Path(__file__).resolve().parents[2] / "platform_specs" / "exports"
    text = (bundled / "generic.yaml").read_text()
    (tmp_path / "own.yaml").write_text(text.replace("id: generic", "id: own-export"))
    assert [layout.id for layout in load_layouts(tmp_path)] == ["own-export"]
    (tmp_path / "own.yaml").write_text(text.replace("id: generic", "id: own-export-v2"))
    assert [layout.id for layout in load_layouts(tmp_path)] == ["own-export-v2"]
    assert load_layouts() is load_layouts()

def test_x_export_rows(tmp_path: Path) -> None:
    rows = read_results(EXAMPLES / "results" / "x-post-activiteit-SYNTHETISCH.csv")
    first = rows[0]
    assert first.platform == "x"
    assert first.post_id == "1894100000000000001"
    assert first.published == dt.datetime(2027, 2, 26, 11, 0)  # "+0000" read as UTC
    assert first.results == {"impressions": 1840, "engagements": 52, "clicks": 14,
                             "video_views": 0, "followers_gained": 0}


@pytest.mark.parametrize(("cell", "value"), [
    ("1,234", 1234.0), ("1.234.567", 1234567.0), ("3,5", 3.5), ("4.5%", 0.045),
    ("12 345", 12345.0), ("", None), ("-", None),
])
def test_numbers_as_spreadsheets_write_them(tmp_path: Path, cell: str, value: float | None
                                            ) -> None:
    path = tmp_path / "r.csv"
    path.write_text("platform;published;impressions\n"
                    f"bluesky;2027-03-01 10:00;\"{cell}\"\n", "utf-8")
    row = read_results(path)[0]
    assert row.results.get("impressions") == value


def test_a_bad_cell_names_file_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("platform,published,impressions\nx,2027-03-01,veel\n", "utf-8")
    with pytest.raises(ResultsError, match=r"r\.csv:2: impressions: row 2, column "
                                           r"'impressions': 'veel' is not a number"):
        read_results(path)


def test_xlsx_exports(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")  # the `evaluate` extra; in the test extras
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["platform", "published", "impressions", "engagements"])
    sheet.append(["linkedin", dt.datetime(2027, 3, 4, 9, 30), 1500, 42])
    book.save(tmp_path / "r.xlsx")
    (row,) = read_results(tmp_path / "r.xlsx")
    assert row.published == dt.datetime(2027, 3, 4, 9, 30)
    assert row.results == {"impressions": 1500, "engagements": 42}
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ResultsError, match=r"broken\.xlsx: not a readable XLSX"):
        read_results(tmp_path / "broken.xlsx")


def test_url_normalisation() -> None:
    assert normalise_url("https://twitter.com/a/status/1?s=20") == normalise_url(
        "http://www.x.com/a/status/1/")
    assert normalise_url("https://x.com/a/status/1") != normalise_url("https://x.com/a/status/2")


def _row(text: str | None, when: dt.datetime, **kw: object) -> ResultRow:
    return ResultRow(platform="bluesky", published=when, results={"impressions": 1}, file="f",
                     row=2, layout="generic", text=text, **kw)  # type: ignore[arg-type]


def test_matching_by_text_and_date_and_its_limits() -> None:
    when = dt.datetime(2027, 3, 1, 10)
    items = [SourceItem(id="a", text="Isoleren loont, kijk op https://example.org/a",
                        targets=["bluesky.post"], publish_at=when),
             SourceItem(id="b", text="Iets heel anders over fietsen in de binnenstad.",
                        targets=["bluesky.post"], publish_at=when)]
    targets = {"a": ["bluesky.post"], "b": ["bluesky.post"]}
    (hit,) = match_results([_row("Isoleren loont, kijk op https://t.co/xyz", when)], items,
                           targets)
    assert (hit.item, hit.how, hit.certain) == ("a", "text and date", False)
    far = when + dt.timedelta(days=3)
    (miss,) = match_results([_row("Isoleren loont, kijk op", far)], items, targets)
    assert miss.item is None
    (other,) = match_results([_row("Een bericht dat nergens op lijkt.", when)], items, targets)
    assert other.item is None
    pub = [Publication(item="b", target="bluesky.post", id="3kz")]
    (exact,) = match_results([_row("x", when, post_id="3kz")], items, targets, pub)
    assert (exact.item, exact.how, exact.certain) == ("b", "id", True)


def test_rows_without_text_match_only_one_post_of_their_type() -> None:
    when = dt.datetime(2027, 3, 1, 10)
    items = [SourceItem(id="s", targets=["instagram.story"], publish_at=when),
             SourceItem(id="f", targets=["instagram.feed"], publish_at=when)]
    targets = {"s": ["instagram.story"], "f": ["instagram.feed"]}
    row = ResultRow(platform="instagram", published=when, results={}, file="f", row=2,
                    layout="x", kind="IG story")
    (match,) = match_results([row], items, targets)
    assert (match.item, match.target, match.how) == ("s", "instagram.story", "time and type")
    untyped = ResultRow(platform="instagram", published=when, results={}, file="f", row=2,
                        layout="x")
    assert match_results([untyped], items, targets)[0].item is None  # two candidates


def test_cohens_d() -> None:
    assert cohens_d([1, 2, 3], [4, 5, 6]) == pytest.approx(-3.0)
    assert cohens_d([1], [2, 3]) is None


def _totals(n: int, engagements: float, impressions: float) -> object:
    from crosspost.evaluation.metrics import PostResult

    posts = [PostResult(item=str(i), platform="x", target="x.post",
                        published=dt.datetime(2027, 3, 1), certain=True,
                        results={"engagements": engagements / n, "impressions": impressions / n})
             for i in range(n)]
    return totals(posts)


@pytest.mark.parametrize(("now", "before", "expected"), [
    ((10, 50, 1000), (10, 50, 1000), "keep"),           # 5 % against 2 %: met
    ((10, 10, 1000), (10, 10, 1000), "leave"),          # 1 %, and 1 % before: leave
    ((10, 10, 1000), (10, 50, 1000), "reduce"),         # 1 %, was fine before: reduce, not leave
    ((10, 10, 1000), (10, 5, 1000), "evaluate"),        # 1 %, doubled: improving
    ((3, 50, 1000), (10, 50, 1000), "evaluate"),        # too few posts to judge
])
def test_recommendation_rungs(now: tuple[int, int, int], before: tuple[int, int, int],
                              expected: str) -> None:
    plan = PlatformPlan(kpis=[Kpi(metric="engagement_rate", target=0.02)])
    card = scorecard("x", plan, _totals(*now), _totals(*before))  # type: ignore[arg-type]
    assert card.recommendation == expected
