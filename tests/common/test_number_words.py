"""Numbers in words, as the minutes write them after the digits ("7 (bảy) phiếu")."""

import pytest

from common.numbers import number_words


@pytest.mark.parametrize(("number", "words"), [
    (0, "không"), (1, "một"), (5, "năm"), (7, "bảy"), (10, "mười"), (11, "mười một"), (15, "mười lăm"),
    (20, "hai mươi"), (21, "hai mươi mốt"), (24, "hai mươi bốn"), (25, "hai mươi lăm"), (30, "ba mươi"),
    (100, "một trăm"), (101, "một trăm linh một"), (105, "một trăm linh năm"), (110, "một trăm mười"),
    (115, "một trăm mười lăm"), (999, "chín trăm chín mươi chín"), (1000, "một nghìn"),
    (1005, "một nghìn không trăm linh năm"), (2024, "hai nghìn không trăm hai mươi bốn"),
    (1_000_000, "một triệu"), (1_250_000, "một triệu hai trăm năm mươi nghìn"),
])
def test_number_words(number, words):
    assert number_words(number) == words


def test_number_words_refuses_a_negative_number():
    with pytest.raises(ValueError):
        number_words(-1)
