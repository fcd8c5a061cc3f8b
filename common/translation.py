"""Translated words computed once per language, for code that writes many cells in Python."""

import functools

from django.utils.translation import get_language


def once_per_language(build):
    """``build()`` (the words, translated in the active language) run once per language: the decorated function
    answers the cached words of the language active when it is called."""
    cache = {}

    @functools.wraps(build)
    def words():
        language = get_language()
        if language not in cache:
            cache[language] = build()
        return cache[language]

    return words
