"""The ClearTerms application: the Qt desktop GUI (``desktop.gui``) and the command line
(``desktop.cli``), both thin layers over the ``terms`` core.

Importing this package (or ``desktop.cli``) loads no Qt; only ``desktop.gui`` does.
"""
