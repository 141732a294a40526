"""docs/rules.md is generated from the rules; it must not drift from them."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_rule_docs_are_current():
    script = ROOT / "scripts" / "document_rules.py"
    result = subprocess.run([sys.executable, str(script), "--check"], cwd=ROOT)
    assert result.returncode == 0, "docs/rules.md is stale: run python scripts/document_rules.py"
