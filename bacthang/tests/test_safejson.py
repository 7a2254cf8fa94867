import json
import time
from decimal import Decimal

import pytest

from bacthang.lib import safejson
from bacthang.lib.safejson import JSONError, loads


def test_ordinary_documents_are_read_with_exact_decimals():
    doc = loads('{"a": [1, 1735.6, "x"], "b": {"c": null, "d": true}}')
    assert doc == {"a": [1, Decimal("1735.6"), "x"], "b": {"c": None, "d": True}}
    assert isinstance(doc["a"][1], Decimal)
    assert loads(b'[0.1]') == [Decimal("0.1")]
    assert loads('[0.1]', parse_float=float) == [0.1]


@pytest.mark.parametrize("body", ["[" * 2000 + "]" * 2000, '{"a":' * 2000 + "1" + "}" * 2000,
                                  "[" * 100_000, "[" * 65 + "]" * 65])
def test_deep_nesting_is_refused_in_vietnamese_without_recursion_error(body):
    with pytest.raises(JSONError, match="lồng quá sâu") as e:
        loads(body)
    assert isinstance(e.value, ValueError)


def test_the_limit_is_the_nesting_depth_and_can_be_set():
    assert loads("[" * 64 + "]" * 64) is not None
    assert loads("[" * 100 + "]" * 100, max_depth=100) is not None
    with pytest.raises(JSONError, match="tối đa 3 cấp"):
        loads('{"a": {"b": {"c": []}}}', max_depth=3)
    # siblings do not add up: a long flat list of small lists is shallow
    assert len(loads("[" + ",".join(["[[1]]"] * 10_000) + "]", max_depth=3)) == 10_000


def test_brackets_inside_strings_do_not_count():
    text = json.dumps({"note": "[" * 5000 + '\\"{' * 100, "x": ["]" * 300]})
    assert loads(text)["note"].startswith("[[[")
    assert loads(r'["a\\", [1]]', max_depth=2) == ["a\\", [1]]
    with pytest.raises(JSONError, match="lồng quá sâu"):
        loads(r'["a\"", [[1]]]', max_depth=2)  # the escaped quote does not close the string


def test_the_scan_is_linear_even_for_unclosed_strings():
    started = time.perf_counter()
    for text in ['"' + '\\"' * 200_000, '["' + "[" * 400_000, "[" * 50 + '"' * 1 + "x" * 400_000]:
        with pytest.raises(JSONError):
            loads(text)
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize("text,message", [
    ('{"a": 1} x', "dòng 1, cột 10: có dữ liệu thừa sau phần JSON"),
    ("", "dòng 1, cột 1: thiếu giá trị"),
    ('{"a" 1}', "thiếu dấu ':'"),
    ("[1 2]", "thiếu dấu ','"),
    ("{a: 1}", "tên trường phải đặt trong dấu ngoặc kép"),
    ('["abc', "chuỗi chưa có dấu ngoặc kép đóng"),
    ('\n\n  [1,', "dòng 3, cột 6: thiếu giá trị"),
    ("[NaN]", "NaN không phải một số"),
    ("[-Infinity]", "Infinity không phải một số"),
    ("[" + "1" * 5000 + "]", "số quá dài"),
])
def test_syntax_errors_are_vietnamese_with_line_and_column(text, message):
    with pytest.raises(JSONError) as e:
        loads(text)
    assert message in str(e.value)
    assert not any(w in str(e.value) for w in ("Expecting", "Extra data", "line", "column"))


def test_constants_can_be_allowed_for_files_the_product_wrote():
    assert str(loads("[NaN]", parse_float=float, allow_constants=True)[0]) == "nan"


def test_bytes_that_are_not_text_are_refused_in_vietnamese():
    with pytest.raises(JSONError, match="UTF-8"):
        loads(b'["\xff\xfe\xfa"]')
    assert loads('["Xã San Thàng"]'.encode("utf-16")) == ["Xã San Thàng"]


def test_a_recursion_error_inside_json_is_still_refused(monkeypatch):
    def boom(*args, **kwargs):
        raise RecursionError

    monkeypatch.setattr(safejson.json, "loads", boom)
    with pytest.raises(JSONError, match="lồng quá sâu"):
        loads("[1]")
