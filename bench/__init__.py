"""The benchmark of the default bake; `python bench/run.py --help` says how to run it.

Its modules share the template tests' helpers (they serve gunicorn, find its workers
and prepare production settings), so the tests' folder goes on the import path.
"""

import sys
from pathlib import Path

TEMPLATE_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = TEMPLATE_DIR / "bench"
sys.path.insert(0, str(TEMPLATE_DIR / "tests"))
