"""Type aliases shared by the modules of newsformat."""

from __future__ import annotations

from typing import Any

Pos = int
"""An offset into a document, counted in characters from 0."""

LineNo = int
"""A line number, counted from 1."""

JSONDict = dict[str, Any]
"""A plain dict as the JSON and XML codecs exchange it."""
