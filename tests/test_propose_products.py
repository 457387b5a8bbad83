"""Products by the shape of their names and the words after them (``kg.curation.propose.products``),
scholars after a name (a university or think tank), and one country under two names. Each
sentence here is our own, with invented names where the rule must not depend on a known one."""
from __future__ import annotations

from test_propose_names import entities, run


def test_product_modifiers_lines_and_operating_systems():
    got = entities("Ostrel unveiled the Vantobook Fold and the Vantobook Pro on Tuesday. Both run on KelpOS 4. "
                   "Buyers also praised its Zirra series smartphones. The Quorra Ultra 7 processor powers them.")
    assert got["Vantobook Fold"] == "Hardware" and got["Vantobook Pro"] == "Hardware"
    assert got["KelpOS"] == "Software"
    assert got["Zirra"] == "Hardware"
    assert got["Quorra Ultra"] == "Chip"


def test_a_makers_name_before_its_devices_stays_the_maker():
    got = entities("Shoppers in Lima bought Ostrel smartphones and Brindle laptops last year.")
    assert got["Ostrel"] == "Company" and got["Brindle"] == "Company"


def test_scholars_after_a_name_make_a_university_or_think_tank():
    got = entities("A former KSTU electrical engineering adjunct professor was charged. PRAX experts disagreed, "
                   "said Ana Ruiz, a researcher at the VELD’s Centre for Trade and Security. Qorvane engineers left.")
    assert got["KSTU"] == "Actor"
    assert got["PRAX"] == "Actor"
    assert got["VELD"] == "Actor"
    assert got["Qorvane"] == "Company"     # engineers work at firms too


def test_a_country_named_twice_is_one_candidate():
    props = [p for p in run("The UK opened a review of the deal. Britain's regulator will decide in March.")
             if p.kind == "entity" and p.fields["kind_guess"] == "State"]
    assert [p.fields["label"] for p in props] == ["UK"]
    assert props[0].fields["aliases"] == ["Britain"] and len(props[0].fields["occurrences"]) == 2


def test_a_brand_written_with_a_lowercase_start_is_a_name():
    got = entities("Brannel said zQuill will train its models there. Buyers prefer qelpOS to others. "
                   "The pack holds 300 mAh and uses 5 kWh. The mRNA work went on.")
    assert got["zQuill"] == "Company" and got["qelpOS"] == "Software"
    assert not {"mAh", "kWh", "mRNA"} & set(got)


def test_a_law_titled_with_small_words_is_one_name():
    got = entities("Lawmakers filed the Keep Our Harbours Open Act. The No Foreign Drones Act passed. Qelva shares fell before the IPO.")
    assert got["Keep Our Harbours Open Act"] == "Measure" and got["No Foreign Drones Act"] == "Measure"
    assert "Harbours Open Act" not in got and "IPO" not in got


def test_model_numbers_belong_to_products_and_posts_are_on_platforms():
    got = entities("Ostrel released the Vanto 70 smartphone and the Vanto 60 Pro. The Qelvar 5090 graphics card "
                   "followed. In a post on Chirply, the firm said more. Section 232 tariffs rose.")
    assert got["Vanto 70"] == "Hardware" and got["Vanto 60 Pro"] == "Hardware"
    assert got["Qelvar 5090"] == "Chip"
    assert got["Chirply"] == "Software"
    assert "Section 232" not in got


def test_a_participle_opening_a_sentence_is_no_part_of_the_name_after_it():
    got = entities("Ostrel hired Qelvar, a chip designer, in May. Using Qelvar's tools, it built a plant. "
                   "Citing Brindle Ledger, the firm said sales fell.")
    assert got["Qelvar"] == "Company"
    assert "Using Qelvar" not in got and "Citing Brindle Ledger" not in got
