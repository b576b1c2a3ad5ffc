"""Write the real pages of tests/data/valid into fuzz/seeds/<format>/, as starting inputs."""

from pathlib import Path

import newsformat as nf

HERE = Path(__file__).parent
for page in sorted((HERE.parent / "tests" / "data" / "valid").glob("*.md")):
    record = nf.load(page)
    for fmt in ("md", "json", "xml"):
        folder = HERE / "seeds" / fmt
        folder.mkdir(parents=True, exist_ok=True)
        text = page.read_text(encoding="utf-8") if fmt == "md" else nf.dumps(record, fmt)
        (folder / f"{page.stem}.{fmt}").write_text(text, encoding="utf-8", newline="")
print(f"seeds written under {HERE / 'seeds'}")
