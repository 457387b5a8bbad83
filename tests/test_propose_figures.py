"""Figures of any unit, each tied to what it measures (every sentence here is our own)."""
from __future__ import annotations

from test_propose_names import run


def figures(text: str) -> dict[str, dict]:
    return {p.text: p.fields for p in run(text) if p.kind == "figure"}


def test_counts_data_power_area_and_other_currencies():
    got = figures("Each courier carried 12 solid-state drives holding 40 terabytes of maps; the site draws 250MW "
                  "and covers 120 acres. The port paid RM3.5 billion for cranes, and seven Freedonian pilots flew.")
    assert got["12 solid-state drives"]["value"] == 12 and got["12 solid-state drives"]["unit"] == "drive"
    assert got["40 terabytes"] == {**got["40 terabytes"], "value": 40, "unit": "terabyte", "measures": "maps"}
    assert got["250MW"]["unit"] == "megawatt" and got["120 acres"]["value"] == 120
    assert got["RM3.5 billion"]["value"] == 3.5e9 and got["RM3.5 billion"]["unit"] == "MYR"
    assert got["RM3.5 billion"]["measures"] == "for cranes"
    assert got["seven Freedonian pilots"]["value"] == 7


def test_fractions_and_signed_multiples():
    got = figures("Only 4/15 ferries passed, and costs rose ≈30× in a decade.")
    assert got["4/15"]["value"] == 4 and got["4/15"]["of"] == 15
    assert got["≈30×"]["value"] == 30 and got["≈30×"]["unit"] == "times" and got["≈30×"]["approximate"]


def test_a_figure_says_what_it_measures_and_names_numbers_are_not_counts():
    got = figures("The levy takes 20% of its ferry ticket revenue. Tier 2 countries and Article 5 cases wait.")
    assert got["20%"]["measures"] == "ferry ticket revenue"
    assert not [t for t in got if t.startswith(("2 countries", "5 cases"))]


def test_dozens_count_and_the_end_of_a_range_is_no_count():
    got = figures("Ferries reach two dozen countries; between 15 to 20 brokers bid.")
    assert got["two dozen countries"]["value"] == 24 and got["two dozen countries"]["unit"] == "country"
    assert not any(f["value"] == 20 for f in got.values())
