"""Entry script of the frozen bundle: the same launcher as the ``clearterms`` command.

PyInstaller needs a script file to start from; everything else lives in
``desktop.launcher`` so the bundle, the wheel and a source checkout behave alike.
"""

import sys

from desktop.launcher import main

if __name__ == "__main__":
    sys.exit(main())
