"""`evaluate` against figures computed by hand, on a small repository made in the test."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from crosspost.cli import main
from crosspost.content.load import load_item
from crosspost.evaluation.evaluate import evaluate
from crosspost.evaluation.periods import parse_period
from crosspost.evaluation.records import load_costs, load_published
from crosspost.strategy.canvas import load_canvas

MARCH = [(1000, 30, 10), (2000, 50, 20), (1500, 45, 15), (500, 10, 5), (1000, 25, 10)]
FEBRUARY = [(800, 20, 8)] * 5
CANVAS = """\
organisation: Test
platforms:
  linkedin:
    kpis:
      - {metric: engagement_rate, target: 0.025}
      - {metric: impressions, target: 1000, per: post}
      - {metric: cost_per_engagement, target: 3.0}
result_values: {clicks: 0.5}
"""
COSTS = """\
costs:
  - {platform: linkedin, period: {start: 2027-01-01, end: 2027-03-31}, hours: 30, rate: 50,
     tools: 90}
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    posts = tmp_path / "posts"
    posts.mkdir()
    rows = ["platform,post_id,link,text,published,impressions,engagements,clicks"]
    published = ["published:"]
    for month, figures in ((3, MARCH), (2, FEBRUARY)):
        for n, (impressions, engagements, clicks) in enumerate(figures):
            name = f"m{month}p{n}"
            text = f"Bericht {name} over isolatie in wijk {n} en subsidie voor maand {month}."
            when = f"2027-{month:02d}-{3 + 5 * n:02d} 10:00"
            (posts / f"{name}.md").write_text(
                f"---\nid: {name}\ntargets: [linkedin.post]\npublish_at: {when}\n---\n{text}\n",
                "utf-8")
            link = f"https://www.linkedin.com/feed/update/{name}/"
            if n % 2 == 0:  # half recorded after publishing, half matched by text and date
                published.append(f"  - {{item: {name}, target: linkedin.post, url: "
                                 f"\"{link}?utm=x\"}}")
            rows.append(f"linkedin,{name},{link},\"{text}\",{when},{impressions},{engagements},"
                        f"{clicks}")
    (tmp_path / "results.csv").write_text("\n".join(rows) + "\n", "utf-8")
    (tmp_path / "published.yaml").write_text("\n".join(published) + "\n", "utf-8")
    (tmp_path / "canvas.yaml").write_text(CANVAS, "utf-8")
    (tmp_path / "costs.yaml").write_text(COSTS, "utf-8")
    (tmp_path / "crosspost.toml").write_text(
        'canvas = "canvas.yaml"\ncosts = "costs.yaml"\npublished = "published.yaml"\n'
        'results = ["*.csv"]\n', "utf-8")
    return tmp_path


def run(repo: Path) -> object:
    items = [load_item(p, root=repo) for p in sorted((repo / "posts").glob("*.md"))]
    return evaluate(
        results=[repo / "results.csv"], items=items,
        targets={i.id: ["linkedin.post"] for i in items},
        canvas=load_canvas(repo / "canvas.yaml"), period=parse_period("2027-03"),
        published=load_published(repo / "published.yaml").published,
        costs=load_costs(repo / "costs.yaml").costs,
    )


def test_figures_match_a_hand_computation(repo: Path) -> None:
    ev = run(repo)
    row = ev.groups["platform"][0]  # type: ignore[attr-defined]
    assert row.key == "linkedin"
    assert row.now.posts == 5
    assert row.before.posts == 5
    assert row.now.sums == {"impressions": 6000, "engagements": 160, "clicks": 60}
    assert row.figure("engagement_rate") == pytest.approx(160 / 6000)
    assert row.figure("engagement_rate", previous=True) == pytest.approx(100 / 4000)
    assert row.change("engagement_rate") == pytest.approx((160 / 6000 - 0.025) / 0.025)
    march_cost = 1590 * 31 / 90  # (30 h x 50 + 90) over Q1, March's 31 of its 90 days
    assert row.figure("cost") == pytest.approx(march_cost)
    assert row.figure("cost", previous=True) == pytest.approx(1590 * 28 / 90)
    assert row.figure("cost_per_engagement") == pytest.approx(march_cost / 160)
    assert row.figure("return") == pytest.approx(60 * 0.5 / march_cost)


def test_matching_is_exact_where_recorded_and_uncertain_elsewhere(repo: Path) -> None:
    ev = run(repo)
    hows = sorted(m.how for m in ev.matches)  # type: ignore[attr-defined]
    assert hows == ["link"] * 6 + ["text and date"] * 4
    assert all(m.score == 1.0 for m in ev.uncertain)  # type: ignore[attr-defined]
    assert ev.unmatched == []  # type: ignore[attr-defined]


def test_scorecard_against_kpis(repo: Path) -> None:
    card = run(repo).scorecards[0]  # type: ignore[attr-defined]
    met = {k.kpi.metric: k.met for k in card.kpis}
    assert met == {"engagement_rate": True, "impressions": True, "cost_per_engagement": False}
    actual = {k.kpi.metric: k.actual for k in card.kpis}
    assert actual["impressions"] == pytest.approx(1200)  # per post
    assert card.recommendation == "evaluate"  # two of three met: 67 %, below the 75 % of keep
    # impressions per post +50 %, cost per engagement 3.42 against 4.95 (-31 %): improving
    assert card.reasons[0] == "67% of the KPIs met, improving on most"


def test_audit_compares_features_with_effect_sizes(repo: Path) -> None:
    ev = run(repo)
    weekday = {c.value: c for c in ev.comparisons if c.feature == "weekday"}  # type: ignore
    # 2027-03-03, 08, 13, 18, 23: Wednesday, Monday, Saturday, Thursday, Tuesday
    assert set(weekday) == {"wednesday", "monday", "saturday", "thursday", "tuesday"}
    assert all(c.small_sample and c.posts == 1 for c in weekday.values())


def test_cli_json_html_and_text(repo: Path, capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    assert main(["evaluate", "--period", "2027-03", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    platform = data["groups"]["platform"][0]
    assert platform["engagements"] == 160
    assert data["scorecards"][0]["recommendation"] == \
        "evaluate"
    assert main(["evaluate", "--period", "2027-03", "--format", "html", "--output",
                 "e.html"]) == 0
    page = (repo / "e.html").read_text("utf-8")
    assert "<svg" in page
    assert "<script" not in page
    assert "linkedin" in page
    assert main(["evaluate", "--period", "2027-03"]) == 0
    assert "linkedin (core): EVALUATE" in capsys.readouterr().out


def test_cli_errors_are_exit_2(repo: Path, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    assert main(["evaluate", "--period", "maart"]) == 2
    assert "not a period" in capsys.readouterr().err
    (repo / "results.csv").write_text("a,b\n1,2\n", "utf-8")
    assert main(["evaluate", "--period", "2027-03"]) == 2
    err = capsys.readouterr().err
    assert "results.csv:1" in err
    assert "'a', 'b'" in err
    assert "Traceback" not in err


def test_periods() -> None:
    from crosspost.evaluation.periods import previous

    q1 = parse_period("2027-Q1")
    assert (q1.start, q1.end) == (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    assert str(previous(q1)) == "2026-10-01 to 2026-12-31"
    assert str(previous(parse_period("2027-03"))) == "2027-02-01 to 2027-02-28"
    assert str(previous(parse_period("2027"))) == "2026-01-01 to 2026-12-31"
    assert str(previous(parse_period("2027-01-10..2027-01-19"))) == "2026-12-31 to 2027-01-09"


def test_notebook_view_and_records(repo: Path) -> None:
    ev = run(repo)
    html = ev._repr_html_()  # type: ignore[attr-defined]
    assert "<svg" in html
    assert "Scorecards" in html
    assert "Evaluation 2027-03-01 to 2027-03-31: 5 posts matched" in repr(ev)
    records = ev.to_records()  # type: ignore[attr-defined]
    rate = next(r for r in records if r["dimension"] == "platform"
                and r["figure"] == "engagement_rate")
    assert rate["value"] == pytest.approx(160 / 6000)
    assert rate["previous"] == pytest.approx(0.025)


def test_to_pandas(repo: Path) -> None:
    pd = pytest.importorskip("pandas")  # optional for users; in the test extras
    frame = run(repo).to_pandas()  # type: ignore[attr-defined]
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["dimension", "group", "figure", "value", "previous", "change"]
    engagements = frame[(frame.dimension == "platform") & (frame.figure == "engagements")]
    assert engagements["value"].tolist() == [160]


def test_python_api_is_the_cli(repo: Path, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    """`evaluate_project` finds the same configuration and files as `crosspost evaluate`."""
    import crosspost
    from crosspost.evaluation.views import as_dict

    monkeypatch.chdir(repo)
    assert main(["evaluate", "--period", "2027-03", "--format", "json"]) == 0
    from_cli = json.loads(capsys.readouterr().out)
    from_api = json.loads(json.dumps(as_dict(crosspost.evaluate_project(".", "2027-03"))))
    assert from_api == from_cli
    elsewhere = repo.parent
    monkeypatch.chdir(elsewhere)  # a path into the repository finds its configuration
    assert crosspost.evaluate_project(repo / "posts", "2027-03").groups["platform"][0].now.posts \
        == 5
