"""Allow ``python -m kiemsat`` (used by tests that must not depend on an installed script)."""

from kiemsat.cli import main

raise SystemExit(main())
