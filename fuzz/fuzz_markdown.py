"""atheris target: newsformat's md loader. Run: python fuzz/fuzz_markdown.py fuzz/seeds/md [-runs=N]"""

import sys

import atheris

with atheris.instrument_imports():
    from harness import check_bytes


def test_one_input(data: bytes) -> None:
    check_bytes(data, "md")


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
