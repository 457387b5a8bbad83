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


def test_currency_words_and_codes_keep_their_own_unit():
    got = figures("Ruritania set aside 40 trillion won (about $29 billion) for harbours, a further 3 billion yuan "
                  "came from lenders, KRW 5 trillion went to ports and 2 million Singapore dollars to pilots.")
    assert got["40 trillion won"]["value"] == 40e12 and got["40 trillion won"]["unit"] == "KRW"
    assert got["3 billion yuan"]["unit"] == "CNY" and got["KRW 5 trillion"]["value"] == 5e12
    assert got["2 million Singapore dollars"] == {**got["2 million Singapore dollars"], "value": 2e6, "unit": "SGD"}
    assert not [t for t in figures("The party 3 won the seat.") if "won" in t]


def test_scale_words_vague_sizes_and_bounds():
    got = figures("Brokers moved tens of millions of dollars through 16 million exchanges, and thousands of "
                  "couriers joined. Over 30 barges sailed; the pilots face up to 12 years in prison and fines of "
                  "up to twice their fees. The plant draws 40 million litres per day.")
    assert got["tens of millions of dollars"] == {**got["tens of millions of dollars"], "min": 1e7, "unit": "USD",
                                                  "approximate": True}
    assert got["16 million exchanges"]["value"] == 16e6 and got["16 million exchanges"]["unit"] == "exchange"
    assert got["thousands of couriers"]["min"] == 1000
    assert got["Over 30 barges"]["min"] == 30 and "value" not in got["Over 30 barges"]
    assert got["up to 12 years"]["max"] == 12
    assert got["twice"]["max"] == 2 and got["twice"]["unit"] == "times"
    assert got["40 million litres per day"]["value"] == 40e6
    assert got["40 million litres per day"]["unit"] == "litre per day"


def test_counts_whose_noun_is_left_out_take_the_last_counts_unit():
    got = figures("The county licensed 30 fish farms. Twelve are running, 9 are being built, and 6 more wait. "
                  "Two salesmen and one carrying nets came.")
    assert got["Twelve"] == {**got["Twelve"], "value": 12, "unit": "farm", "measures": "fish farms"}
    assert got["9"]["value"] == 9 and got["6 more"]["value"] == 6
    assert got["Two salesmen"]["unit"] == "salesman"
    assert not [t for t in got if t.startswith("one")]


def test_shares_in_words_are_fractions_and_ages_are_no_figures():
    got = figures("About a third of the ferries, two-thirds of pilots and one in five brokers left. In the second "
                  "half of the year a 43-year-old pilot got a 20-year sentence.")
    assert got["a third of"] == {**got["a third of"], "value": 1, "of": 3, "unit": "fraction", "approximate": True}
    assert got["two-thirds of"]["value"] == 2 and got["one in five"]["of"] == 5
    assert "half of" not in got and not [t for t in got if t.startswith("43")]
    assert got["20-year"]["value"] == 20 and got["20-year"]["measures"] == "sentence"


def test_partitive_counts_elided_counts_after_including_votes_and_time_offsets():
    got = figures("The agency listed 60 ferry firms, including more than 40 based abroad. At least seven of these "
                  "firms sail at night. The council passed the levy on a vote of 31-9, two days after the storm.")
    assert got["more than 40"] == {**got["more than 40"], "min": 40, "unit": "firm"}
    assert got["At least seven of these firms"]["min"] == 7
    assert got["vote of 31-9"]["value"] == 31 and got["vote of 31-9"]["unit"] == "vote"
    assert not [t for t in got if t.startswith("two days")]


def test_long_adjective_runs_hours_inverted_ranges_and_counts_referred_to_again():
    got = figures("Customs seized 12 small and waterproof survey drones. A clerk was jailed on June 30 to "
                  "four years; checks ran every 6 hours. Two pilots and three guards came. The two pilots left; the "
                  "other three guards stayed.")
    assert got["12 small and waterproof survey drones"] == {**got["12 small and waterproof survey drones"],
                                                            "value": 12, "unit": "drone"}
    assert got["four years"]["value"] == 4 and got["6 hours"]["unit"] == "hour"
    texts = [p.text for p in run("Two pilots and three guards came. The two pilots left; the other three guards "
                                 "stayed.") if p.kind == "figure"]
    assert texts == ["Two pilots", "three guards"]
    assert not [t for t in got if t.startswith("30")]


def test_other_dollars_are_not_us_dollars():
    got = figures("Bail was S$80,000; the fine HK$3 million, the grant NT$2 billion and the loan US$5 billion.")
    assert {t: (f["value"], f["unit"]) for t, f in got.items()} == {
        "S$80,000": (80000, "SGD"), "HK$3 million": (3e6, "HKD"), "NT$2 billion": (2e9, "TWD"),
        "US$5 billion": (5e9, "USD")}


def test_compound_number_words_and_hundreds():
    got = figures("Some twenty-five ferries and two hundred pilots left.")
    assert got["Some twenty-five ferries"]["value"] == 25 and got["two hundred pilots"]["value"] == 200


def test_referred_counts_need_the_number_before_and_possessive_partitives_count():
    got = figures("Three pilots sailed. The three pilots rested. Freedonia is the largest of the four ports, and "
                  "two of Freedonia's largest ferries and billions of dollars in cargo passed.")
    assert not [t for t in got if t.startswith("three pilots")] and got["four ports"]["value"] == 4
    assert got["two of Freedonia's largest ferries"]["unit"] == "ferry"
    assert got["billions of dollars"]["min"] == 1e9 and got["billions of dollars"]["unit"] == "USD"


def test_spelled_halves_half_a_scale_and_indian_scales():
    got = figures("The crews sailed for two-and-a-half weeks and the captain served 2 1/2 years. Ruritania spent "
                  "half a billion dollars on docks, a million pilots signed up and Freedonia put Rs 5,000 crore "
                  "into canals.")
    assert got["two-and-a-half weeks"] == {**got["two-and-a-half weeks"], "value": 2.5, "unit": "week"}
    assert got["2 1/2 years"]["value"] == 2.5
    assert got["half a billion dollars"] == {**got["half a billion dollars"], "value": 5e8, "unit": "USD"}
    assert got["a million pilots"]["value"] == 1e6 and got["a million pilots"]["unit"] == "pilot"
    assert got["Rs 5,000 crore"] == {**got["Rs 5,000 crore"], "value": 5e10, "unit": "INR"}


def test_multiples_and_shares_in_words():
    got = figures("Ferry fares nearly doubled, tolls tripled and queues fell by a third; the port doubled down "
                  "on cranes. Fees rose 40 basis points and margins 1.5 percentage points.")
    assert got["nearly doubled"] == {**got["nearly doubled"], "value": 2, "unit": "times", "approximate": True}
    assert got["tripled"]["value"] == 3 and got["by a third"] == {**got["by a third"], "value": 1, "of": 3}
    assert not [t for t in got if "down" in t] and list(got).count("doubled") == 0
    assert got["40 basis points"]["unit"] == "basis point"
    assert got["1.5 percentage points"]["unit"] == "percentage point"


def test_money_ranges_are_one_figure_and_a_change_is_two():
    got = figures("Each crane costs $20,000 to $45,000, a berth between $1 million and $2 million; tolls went "
                  "from $5 million to $8 million.")
    assert got["$20,000 to $45,000"] == {**got["$20,000 to $45,000"], "min": 20000, "max": 45000}
    assert got["$1 million and $2 million"] == {**got["$1 million and $2 million"], "min": 1e6, "max": 2e6}
    assert got["$5 million"]["value"] == 5e6 and got["$8 million"]["value"] == 8e6


def test_yen_unless_the_text_says_yuan_and_identifiers_are_no_counts():
    assert figures("The Freedonian port invested ¥5 billion in cranes.")["¥5 billion"]["unit"] == "JPY"
    assert figures("It paid ¥5 billion, or 250 million yuan.")["¥5 billion"]["unit"] == "CNY"
    got = figures("Regulation 2031/1689 sets fines of up to €35 million; 3 million USD more came later.")
    assert not [t for t in got if "1689" in t] and got["3 million USD"]["value"] == 3e6


def test_word_durations_rates_and_people():
    got = figures("The weeklong visit ended; the pilots face decades in prison. The yard makes 1,000 hulls a "
                  "month, hired 40 people and bought 12 GPUs. The ban ran for two years before it lapsed.")
    assert got["weeklong"] == {**got["weeklong"], "value": 1, "unit": "week"}
    assert got["decades"] == {**got["decades"], "min": 20, "unit": "year", "approximate": True}
    assert got["1,000 hulls"]["unit"] == "hull per month"
    assert got["40 people"]["unit"] == "person" and got["12 GPUs"]["unit"] == "GPU"
    assert got["two years"]["value"] == 2


def test_more_vote_tallies_codes_and_a_change_of_a_count():
    got = figures("The harbour bill passed 410-13, the court ruled in a 6-3 decision and half a dozen ports "
                  "objected. Lenders gave Rmb5bn and USD5m. The cap fell from 1,700 to 1,000 barges per pilot, and "
                  "the guards seized 1,600 oars worth $10m.")
    assert got["passed 410-13"] == {**got["passed 410-13"], "value": 410, "unit": "vote"}
    assert got["6-3 decision"]["value"] == 6 and got["half a dozen ports"]["value"] == 6
    assert got["Rmb5bn"] == {**got["Rmb5bn"], "value": 5e9, "unit": "CNY"} and got["USD5m"]["value"] == 5e6
    assert got["1,700"] == {**got["1,700"], "value": 1700, "unit": "barge"} and got["1,000 barges"]["value"] == 1000
    assert got["$10m"]["measures"] == "1,600 oars"


def test_what_a_figure_measures_and_numbers_that_name_one_of_a_series():
    got = figures("The yard will pay $300 million in quarterly installments of $15 million over the course of "
                  "five years. Chapter 11 firms and phase 2 sites wait, and the No. 1 yard waits too.")
    assert got["$15 million"]["measures"] == "quarterly installments"
    assert not [t for t in got if t.startswith(("11 firms", "2 sites", "1 yard"))]


def test_rates_in_the_unit_and_abbreviated_scales_on_counts():
    got = figures("Berths cost $2 per crane hour and fees rise 3% a year; 100m travellers and 2bn parcels passed.")
    assert got["$2"]["unit"] == "USD per crane hour" and got["3%"]["unit"] == "percent per year"
    assert got["100m travellers"]["value"] == 1e8 and got["2bn parcels"]["value"] == 2e9


def test_percent_abbreviations_masses_and_unit_names_in_capitals():
    got = figures("The quay is 40pc complete, fares fell 12 pct, the yard shipped 50 kg of brass and 5,000 tonnes "
                  "of sand, its crane computer does 4,800 TFLOPS and the fine was 5 million pounds sterling.")
    assert got["40pc"]["unit"] == "percent" and got["12 pct"]["value"] == 12
    assert got["50 kg"] == {**got["50 kg"], "value": 50, "unit": "kilogram", "measures": "brass"}
    assert got["5,000 tonnes"]["unit"] == "tonne" and got["4,800 TFLOPS"]["unit"] == "TFLOPS"
    assert got["5 million pounds sterling"] == {**got["5 million pounds sterling"], "value": 5e6, "unit": "GBP"}


def test_what_a_change_or_a_worth_measures_said_before_it():
    got = figures("The ferry company's shares jumped 7% on Monday. Its cargo sales were worth $17 billion.")
    assert got["7%"]["measures"] == "ferry company's shares"
    assert got["$17 billion"]["measures"] == "cargo sales"


def test_hyphenated_scales_and_percentages_and_a_few():
    got = figures("The $1.5-billion harbour deal set a 25-percent toll and a 10-per-cent levy; a few hundred "
                  "pilots left.")
    assert got["$1.5-billion"]["value"] == 1.5e9 and got["25-percent"]["value"] == 25
    assert got["10-per-cent"]["unit"] == "percent"
    assert got["a few hundred pilots"] == {**got["a few hundred pilots"], "min": 200, "approximate": True}


def test_a_share_after_by_only_when_it_is_a_change():
    got = figures("The audit was done by a third party. Tolls fell by a third, and fees were cut by half in 2031.")
    assert not [t for t in got if "party" in t] and list(got).count("by a third") == 1
    assert got["by half"] == {**got["by half"], "value": 1, "of": 2, "unit": "fraction"}


def test_hundreds_before_a_number_word():
    got = figures("One hundred and fifty pilots and two hundred sailors joined.")
    assert got["One hundred and fifty pilots"]["value"] == 150 and got["two hundred sailors"]["value"] == 200


def test_more_bound_words():
    got = figures("Fines exceeding $1 billion, costs in excess of $5 million, fewer than 20 pilots and less than "
                  "5% of tolls.")
    assert got["exceeding $1 billion"]["min"] == 1e9 and got["in excess of $5 million"]["min"] == 5e6
    assert got["fewer than 20 pilots"]["max"] == 20 and got["less than 5%"]["max"] == 5


def test_a_half_before_a_scale_word():
    got = figures("A half dozen ferries and a half million tickets were sold.")
    assert got["A half dozen ferries"]["value"] == 6 and got["a half million tickets"]["value"] == 5e5


def test_a_duration_of_one_with_a_bound_capital_modifiers_and_two_kinds():
    got = figures("The port has rolled out tolls for over a year now; a decade ago it was free. Its reasons are "
                  "twofold: cost and safety. It sold 35,000 NVIDIA Blackwell AI chips and millions of people "
                  "sailed, with hundreds of thousands of additional U.S. jobs.")
    assert got["over a year"] == {**got["over a year"], "min": 1, "unit": "year"}
    assert not [t for t in got if "decade" in t] and "twofold" not in got
    assert got["35,000 NVIDIA Blackwell AI chips"]["value"] == 35000
    assert got["millions of people"]["unit"] == "person"
    assert got["hundreds of thousands of additional U.S. jobs"]["min"] == 1e5
