"""The public surface is short and pinned."""

import newsclean


def test_exported_names() -> None:
    assert sorted(newsclean.__all__) == sorted(
        [
            "Article",
            "Block",
            "Byline",
            "InputError",
            "NewscleanError",
            "Options",
            "OptionsError",
            "Removal",
            "RulesError",
            "Source",
            "clean",
        ]
    )
    for name in newsclean.__all__:
        assert hasattr(newsclean, name)


def test_error_tree() -> None:
    for name in ("InputError", "OptionsError", "RulesError"):
        assert issubclass(getattr(newsclean, name), newsclean.NewscleanError)
    assert issubclass(newsclean.OptionsError, ValueError)
