"""What the JSON Schema validation of the FAQ (faq/schema/) costs each start and reload.

Run: .venv/bin/python benchmarks/schema.py [--runs 7]
Prints the CPU time of importing jsonschema (a fresh interpreter each run) and of
validating the FAQ with and without the schema stage (best of the runs, this process).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
IMPORT = (
    "import time; t = time.process_time(); import jsonschema, referencing; "
    "print(time.process_time() - t)"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    sys.path.insert(0, str(ROOT))
    from bot import schema
    from bot.kb import parse
    from bot.service import read_faq

    imports = [
        float(subprocess.run([sys.executable, "-c", IMPORT], capture_output=True, text=True).stdout)
        for _ in range(runs)
    ]
    files = read_faq(ROOT / "faq")
    parse(files)  # schemas loaded, validators built: what a running bot has

    def best() -> float:
        times = []
        for _ in range(runs):
            start = time.process_time()
            parse(files)
            times.append(time.process_time() - start)
        return min(times)

    with_schema = best()
    with mock.patch.object(schema, "screen", lambda text, doc: (doc, [])):
        without = best()
    print(f"import jsonschema: {min(imports):.3f} s CPU (best of {runs})")
    print(f"validate the FAQ: {with_schema:.3f} s CPU with the schema, {without:.3f} s without")


if __name__ == "__main__":
    main()
