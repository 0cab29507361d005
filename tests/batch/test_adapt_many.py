"""Batch runs: same manifests locally, in a process pool and on a Dask cluster; one bad item
never stops the batch; Ctrl-C returns what finished."""

from __future__ import annotations

import concurrent.futures as cf
import json
import os
import shutil
from pathlib import Path

import pytest

from crosspost.batch import BatchInterrupted, ItemResult, adapt_many

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def campaign(tmp_path: Path) -> Path:
    root = tmp_path / "campaign"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns("out"))
    # The video post is rendered in tests/video; here it would only make the batch slow.
    (root / "posts" / "warmtepomp.md").unlink()
    (root / "posts" / "kapot.md").write_text("---\ntargets: [x.post]\nlanguage: NO\n---\nx\n")
    return root


def _posts(root: Path) -> list[str]:
    return sorted(str(p) for p in (root / "posts").iterdir() if p.suffix in (".md", ".yaml"))


def _manifests(out: Path) -> dict[str, object]:
    return {str(p.relative_to(out)): json.loads(p.read_text("utf-8"))
            for p in sorted(out.rglob("manifest.json"))}


def _options(root: Path) -> dict[str, object]:
    return {"policy": root / "policy.yaml", "handles": root / "handles.yaml", "root": root}


def test_one_bad_item_does_not_stop_the_batch(campaign: Path, tmp_path: Path) -> None:
    result = adapt_many(_posts(campaign), out=tmp_path / "out", **_options(campaign))
    assert [r.ok for r in result.results].count(False) == 1
    bad = result.failed[0]
    assert bad.source.endswith("kapot.md")
    assert "kapot.md:3" in (bad.error or "")
    assert "NO" in (bad.error or "")
    assert result.variants > 0
    assert "1 failed" in result.summary()


def test_process_pool_gives_the_same_manifests(campaign: Path, tmp_path: Path) -> None:
    local = adapt_many(_posts(campaign), out=tmp_path / "local", **_options(campaign))
    with cf.ProcessPoolExecutor(max_workers=2) as pool:
        pooled = adapt_many(_posts(campaign), out=tmp_path / "pool", executor=pool,
                            **_options(campaign))
    assert [r.source for r in local.results] == [r.source for r in pooled.results]
    assert _manifests(tmp_path / "local") == _manifests(tmp_path / "pool")


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_manifests(campaign: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    local = adapt_many(_posts(campaign), out=tmp_path / "local", **_options(campaign))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        remote = adapt_many(_posts(campaign), out=tmp_path / "dask",
                            executor=client.get_executor(), **_options(campaign))
    assert remote.summary() == local.summary()
    assert _manifests(tmp_path / "local") == _manifests(tmp_path / "dask")


def test_ctrl_c_returns_what_finished(campaign: Path, tmp_path: Path) -> None:
    seen: list[ItemResult] = []

    def progress(result: ItemResult) -> None:
        seen.append(result)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(BatchInterrupted) as caught:
        adapt_many(_posts(campaign), out=tmp_path / "out", progress=progress,
                   **_options(campaign))
    assert len(caught.value.partial.results) == 2
    assert caught.value.pending == len(_posts(campaign)) - 2


@pytest.mark.slow
def test_cli_dask_scheduler_with_relative_paths(
    campaign: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`crosspost adapt --dask-scheduler` from the campaign folder, every path relative, on
    workers whose working folder is elsewhere (as on a real cluster): the CLI sends absolute
    paths, so every post is adapted (once, every post failed)."""
    distributed = pytest.importorskip("distributed")
    from crosspost.cli import main

    (campaign / "posts" / "kapot.md").unlink()
    monkeypatch.chdir(campaign)
    monkeypatch.setenv("CROSSPOST_CACHE", "off")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        elsewhere = str(campaign.parent)
        client.run(os.chdir, elsewhere)
        assert set(client.run(os.getcwd).values()) == {elsewhere}
        code = main(["adapt", "posts", "--out", "out", "--dask-scheduler",
                     cluster.scheduler_address])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert "could not be adapted" not in out
    manifests = _manifests(campaign / "out")
    assert out.splitlines()[-1] == (
        f"3 items: 3 adapted, 0 failed; {len(manifests)} of {len(manifests)} variants "
        "publishable; written to out")
    assert len(manifests) > 3
    assert not (campaign.parent / "out").exists()
