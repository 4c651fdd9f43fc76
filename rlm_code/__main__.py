"""``python -m rlm_code``: the same as the ``rlm-code`` command."""

import sys

from .cli import main

sys.exit(main())
