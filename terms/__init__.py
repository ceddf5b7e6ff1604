"""ClearTerms core: parse terms documents, flag provisions, compare versions, record consent.

Pure Python. Nothing under ``terms`` imports Qt or the ``desktop`` package.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("clearterms")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
