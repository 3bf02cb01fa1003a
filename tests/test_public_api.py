"""The public surface is short and pinned."""

import newsclean


def test_exported_names() -> None:
    assert sorted(newsclean.__all__) == sorted(
        [
            "Article",
            "Block",
            "Byline",
            "Cleaner",
            "InputError",
            "NewscleanError",
            "Options",
            "OptionsError",
            "Removal",
            "RulesError",
            "SiteProfiles",
            "Source",
            "clean",
            "clean_many",
        ]
    )
    for name in newsclean.__all__:
        assert hasattr(newsclean, name)


def test_error_tree() -> None:
    for name in ("InputError", "OptionsError", "RulesError"):
        assert issubclass(getattr(newsclean, name), newsclean.NewscleanError)
    assert issubclass(newsclean.OptionsError, ValueError)


def test_cleaner_matches_clean() -> None:
    page = "A headline that stands alone\n\nThe council met on Monday and voted to repair the bridge, officials said.\n\nAdvertisement"
    cleaner = newsclean.Cleaner(remove=True)
    assert cleaner.clean(page).text == newsclean.clean(page).text
    assert "Advertisement" in newsclean.Cleaner(remove=False).clean(page).text


def test_every_data_file_is_package_data() -> None:
    """A data file the package-data globs miss is absent from a wheel install (not from -e)."""
    import fnmatch
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    globs = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-data"]["newsclean"]
    package = root / "src" / "newsclean"
    data = [p.relative_to(package).as_posix() for p in package.rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts]
    missing = [f for f in data if not any(fnmatch.fnmatch(f, g) and f.count("/") == g.count("/") for g in globs)]
    assert data and not missing, f"not in package-data: {missing}"
