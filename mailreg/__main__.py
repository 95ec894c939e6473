import sys

from mailreg.cli import main

sys.exit(main())
