"""Type aliases shared by the modules of newsformat."""

from __future__ import annotations

from typing import Any

JSONDict = dict[str, Any]
"""A plain dict as the JSON and XML codecs exchange it."""
