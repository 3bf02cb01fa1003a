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
