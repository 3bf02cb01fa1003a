"""``newsclean learn``: folders and JSONL in, a SQLite store out; merging and JSON export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsclean import Cleaner
from newsclean.cli.learn import main, open_profiles
from newsclean.textutils import normalize

from ..profiles.test_profiles import GAZETTE, GAZETTE_CHROME, RIVERSIDE, RIVERSIDE_CHROME


def test_learn_folder_then_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "profiles.sqlite"
    assert main([str(GAZETTE), "-o", str(store)]) == 0
    assert "6 pages read: 6 learned" in capsys.readouterr().err
    assert main([str(GAZETTE), "-o", str(store)]) == 0  # learning is incremental: nothing new
    assert "6 pages read: 0 learned, 6 already known" in capsys.readouterr().err
    text = normalize(Cleaner(profiles=open_profiles(store)).clean((GAZETTE / "page2.html").read_bytes()).text)
    assert not any(c in text for c in GAZETTE_CHROME)


def test_text_dumps_with_url_map_and_export(tmp_path: Path) -> None:
    store, exported = tmp_path / "p.sqlite", tmp_path / "p.json"
    assert (
        main([str(RIVERSIDE), "-o", str(store), "--urls", str(RIVERSIDE / "urls.json"), "--export", str(exported)]) == 0
    )
    doc = json.loads(exported.read_text(encoding="utf-8"))
    texts = [e["text"] for e in doc["sites"]["riverside-weekly.com"]["boilerplate"]]
    assert any(t.startswith(RIVERSIDE_CHROME[0]) for t in texts)
    urls = json.loads((RIVERSIDE / "urls.json").read_text(encoding="utf-8"))
    cleaner = Cleaner(profiles=open_profiles(exported))  # the JSON file works for cleaning too
    text = normalize(cleaner.clean((RIVERSIDE / "page3.txt").read_bytes(), url=urls["page3.txt"]).text)
    assert not any(c in text for c in RIVERSIDE_CHROME)


def test_text_dumps_without_urls_teach_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(RIVERSIDE), "-o", str(tmp_path / "p.sqlite")]) == 0
    assert "5 without a URL" in capsys.readouterr().err


def test_jsonl_and_merge_of_workers(tmp_path: Path) -> None:
    pages = sorted(GAZETTE.glob("page*.html"))
    for name, part in (("a", pages[:3]), ("b", pages[3:])):
        with (tmp_path / f"{name}.jsonl").open("w", encoding="utf-8") as out:
            for p in part:
                out.write(json.dumps({"url": None, "html": p.read_text(encoding="utf-8")}) + "\n")
            out.write("not json\n")
        assert main([str(tmp_path / f"{name}.jsonl"), "-o", str(tmp_path / f"{name}.sqlite")]) == 0
    merged = tmp_path / "all.sqlite"
    assert main(["-o", str(merged), "--merge", str(tmp_path / "a.sqlite"), str(tmp_path / "b.sqlite")]) == 0
    one_pass = tmp_path / "one.sqlite"
    assert main([str(GAZETTE), "-o", str(one_pass)]) == 0
    assert open_profiles(merged).to_json(min_pages=1) == open_profiles(one_pass).to_json(min_pages=1)


def test_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "missing"), "-o", str(tmp_path / "p.sqlite")]) == 2
    assert "no such file" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert main(["-o", str(tmp_path / "p.sqlite"), "--import", str(bad)]) == 2
    with pytest.raises(FileNotFoundError):
        open_profiles(tmp_path / "nothing.sqlite")


def test_command_line_learn_then_clean_with_profiles(tmp_path: Path) -> None:
    import subprocess
    import sys

    store = tmp_path / "profiles.sqlite"
    learn = subprocess.run([sys.executable, "-m", "newsclean", "learn", str(GAZETTE), "-o", str(store)],
                           capture_output=True, text=True)
    assert learn.returncode == 0, learn.stderr
    page = str(GAZETTE / "page2.html")
    plain = subprocess.run([sys.executable, "-m", "newsclean", page], capture_output=True, text=True)
    cleaned = subprocess.run([sys.executable, "-m", "newsclean", page, "--profiles", str(store)],
                             capture_output=True, text=True)
    assert plain.returncode == 0 and cleaned.returncode == 0, cleaned.stderr
    assert any(c in normalize(plain.stdout) for c in GAZETTE_CHROME)
    assert not any(c in normalize(cleaned.stdout) for c in GAZETTE_CHROME)
    missing = subprocess.run([sys.executable, "-m", "newsclean", page, "--profiles", str(tmp_path / "none.sqlite")],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "site profiles" in missing.stderr
