"""`python -m tests.wallgen`: the families, their labels and weights, as a Markdown table."""

from __future__ import annotations

from . import FAMILIES, weights

total = sum(f.weight for f in FAMILIES)
print("| family | label | weight | share |\n| --- | --- | ---: | ---: |")
for f in FAMILIES:
    print(f"| {f.name} | {f.label or 'None'} | {f.weight:g} | {100 * f.weight / total:.1f} % |")
print("\n| label | share |\n| --- | ---: |")
for label, share in weights().items():
    print(f"| {label or 'None'} | {100 * share:.1f} % |")
