"""atheris target: newsformat's json loader. Run: python fuzz/fuzz_json.py fuzz/seeds/json [-runs=N]"""

import sys

import atheris

with atheris.instrument_imports():
    from harness import check_bytes


def test_one_input(data: bytes) -> None:
    check_bytes(data, "json")


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
