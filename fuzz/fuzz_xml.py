"""atheris target: newsformat's xml loader. Run: python fuzz/fuzz_xml.py fuzz/seeds/xml [-runs=N]"""

import sys

import atheris

with atheris.instrument_imports():
    from harness import check_bytes


def test_one_input(data: bytes) -> None:
    check_bytes(data, "xml")


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
