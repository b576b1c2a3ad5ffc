"""Deprecated: the old name of :mod:`newsformat.tree`, kept for one release."""

from __future__ import annotations

import warnings

from .tree import Outcome, convert_tree, find_pages

__all__ = ("Outcome", "convert_tree", "find_pages")

warnings.warn(
    "newsformat.convert is deprecated and will be removed in the next release: use newsformat.tree",
    DeprecationWarning,
    stacklevel=2,
)
