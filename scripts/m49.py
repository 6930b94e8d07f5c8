"""Write src/donorkit/graphics/data/m49.json from CLDR's territory containment (UN M49).

Babel does not carry CLDR's containment, so donorkit ships this small extract (the areas and their
direct members, a few kilobytes). Regenerate it when CLDR changes its areas:

    npm pack cldr-core && tar xzf cldr-core-*.tgz
    python scripts/m49.py package/supplemental/territoryContainment.json

Kept: the numeric M49 areas (world, continents, sub-regions, "Sub-Saharan Africa", "Latin
America") and the European Union; left out: deprecated entries, the euro area and the United
Nations (groupings that are not places), and Outlying Oceania (Antarctica and uninhabited islands).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src/donorkit/graphics/data/m49.json"


def main(source: str) -> None:
    data = json.loads(Path(source).read_text("utf-8"))["supplemental"]
    containment = data["territoryContainment"]
    areas = {}
    for code, entry in sorted(containment.items()):
        if code.isdigit() or code == "EU":
            areas[code] = sorted(m for m in entry["_contains"] if m != "QO")
    source = (f"Unicode CLDR {data['version']['_cldrVersion']} territoryContainment "
              "(Unicode License v3)")
    lines = [f"  {json.dumps(code)}: {json.dumps(members)}" for code, members in areas.items()]
    OUT.write_text(f'{{\n"source": {json.dumps(source)},\n"areas": {{\n'
                   + ",\n".join(lines) + "\n}\n}\n", "utf-8")
    print(f"{OUT}: {len(areas)} areas")


if __name__ == "__main__":
    main(sys.argv[1])
