"""Vietnamese alphabetical order for names, the same on PostgreSQL and SQLite.

PostgreSQL's default ``C.UTF-8`` collation puts "Ân", "Đà" after "Z". Name columns are declared with
``db_collation=VIETNAMESE``: on PostgreSQL the first migration of ``units`` creates it from ICU's ``vi-VN``
locale; on SQLite we register a collation of the same name, implemented by :func:`sort_key`, on every new
connection. (SQLite does not quote collation names, so the name is a plain identifier.)
"""

import functools
import unicodedata

VIETNAMESE = "vietnamese"

# Vietnamese letters in dictionary order; ă, â, đ, ê, ô, ơ, ư are letters of their own. f, j, w, z appear
# in foreign words and sort where Latin puts them.
_ALPHABET = "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: index + 1 for index, letter in enumerate(_ALPHABET)}
# Marks that make a new letter (breve, circumflex, horn) versus tone marks, which only break ties.
_LETTER_MARKS = {"\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b"}
# Dictionary order of the tones, as ICU's vi-VN on PostgreSQL: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _letters(text: str):
    """Yield (base letter with its letter-making marks, tone, is_upper) for each character."""
    decomposed = unicodedata.normalize("NFD", text)
    current = None
    tone = 0
    upper = False
    for char in decomposed:
        if unicodedata.combining(char):
            if current is None:
                continue
            if char in _TONES:
                tone = _TONES[char]
            elif char in _LETTER_MARKS:
                current += char
            continue
        if current is not None:
            yield current, tone, upper
        upper = char != char.lower()
        current = char.lower()
        tone = 0
    if current is not None:
        yield current, tone, upper


@functools.lru_cache(maxsize=16384)
def sort_key(text: str | None) -> tuple:
    """Key ordering Vietnamese text as a dictionary does: letters first, then tones, then case.

    Cached: the same few thousand names (units, groups) are compared again and again — SQLite calls
    :func:`compare` twice per comparison of an ORDER BY, a ranking sorts every unit — and working a key out
    takes some 0.2 ms."""
    if text is None:
        return ((), (), ())
    primary, secondary, tertiary = [], [], []
    for letter, tone, upper in _letters(text):
        letter = unicodedata.normalize("NFC", letter)
        if letter.isspace():
            primary.append(0)
        else:
            primary.append(_RANK.get(letter, 1000 + ord(letter[0])))
        secondary.append(tone)
        tertiary.append(1 if upper else 0)
    return (tuple(primary), tuple(secondary), tuple(tertiary))


def compare(left: str, right: str) -> int:
    """SQLite collation callback: negative, zero or positive like ``strcmp``."""
    left_key, right_key = sort_key(left), sort_key(right)
    return (left_key > right_key) - (left_key < right_key)


def register_sqlite_collation(sender, connection, **kwargs):
    """``connection_created`` receiver: teach SQLite the Vietnamese collation used by name columns."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(VIETNAMESE, compare)


def create_postgresql_collation(apps, schema_editor):
    """Migration step: the ICU Vietnamese collation under our own name (PostgreSQL only)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE COLLATION IF NOT EXISTS {VIETNAMESE} (provider = icu, locale = 'vi-VN')"
        )


def drop_postgresql_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP COLLATION IF EXISTS {VIETNAMESE}")
