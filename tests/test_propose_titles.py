"""Names glued to titles, names of laws and lists, and runs that name nothing (every sentence
here is our own, with invented names): the person is the name, the title may name an employer
or a place, a law or list is a measure, a photo credit and a concept's acronym are no names."""
from __future__ import annotations

from datetime import date

from kg.curation.propose.lexicon import Lexicon
from kg.curation.propose.proposals import Context
from kg.curation.propose.proposer import propose
from kg.curation.propose.titles import split


def entities(text: str) -> dict[str, str]:
    """Candidate label -> kind."""
    props = propose(text, Context(Lexicon({}, [], []), date(2031, 3, 14)))
    return {p.fields["label"]: p.fields["kind_guess"] for p in props if p.kind == "entity"}


def test_a_title_before_a_name_tells_the_person_and_the_employer():
    got = entities("Zorbex CEO Mei-Lin Vantor met the board on Monday. Later, Senate Minority Leader Hollis "
                   "Prentice asked for a hearing, and the CEO of Plimco Holdings declined.")
    assert got["Mei-Lin Vantor"] == "Person" and got["Zorbex"] == "Company"
    assert got["Hollis Prentice"] == "Person" and got["Senate"] == "GovernmentBody"
    assert got["Plimco Holdings"] == "Company"
    assert not [label for label in got if "CEO" in label or "Leader" in label]


def test_a_place_after_a_titled_name_and_party_tags():
    got = entities("Senator Ada Quarrell of Nebraska wrote to the firm. The bill is led by Sen. Jim Rowntree, "
                   "R-Ind., with Sens. Mary Oakhurst, D-Mass., and Walter Brisk, R-N.Y., behind it.")
    assert got["Ada Quarrell"] == "Person" and got["Nebraska"] == "Place"
    assert got["Jim Rowntree"] == "Person" and got["Mary Oakhurst"] == "Person" and got["Walter Brisk"] == "Person"
    assert not {"R-Ind", "D-Mass", "R-N.Y", "Sens", "Senator Ada Quarrell of Nebraska"} & set(got)


def test_laws_and_lists_are_measures_with_their_whole_names():
    got = entities("The firm was put on the Strategic Items List. Grants came under the Clean Water and Air Act. "
                   "Lawmakers filed the Fostering Open Research for Growth and Enterprise (FORGE) Act, and the "
                   "FORGE Act went to a vote.")
    assert got["Strategic Items List"] == "Measure" and got["Clean Water and Air Act"] == "Measure"
    assert got["FORGE Act"] == "Measure"
    assert not {"Clean Water", "Air Act", "FORGE", "Fostering Open Research"} & set(got)


def test_the_noun_before_a_name_and_a_common_plural_possessor():
    got = entities("He posted on his messaging platform, Blather Social, that the People’s Liberation Navy "
                   "had moved. Chipmaker Quorvant Dynamics agreed.")
    assert got["Blather Social"] == "Software"
    assert got["People’s Liberation Navy"] == "GovernmentBody" and "People" not in got


def test_credits_concept_acronyms_listed_parts_and_shouting_name_nothing():
    got = entities("A harbour at dusk. Credit: Wexley/Snapfoto.\nThe tool does electronic design automation (EDA) "
                   "for the Commerce, Energy and Treasury departments. “The deal is RIGGED,” he wrote.")
    assert not {"Wexley/Snapfoto", "Snapfoto", "EDA", "Commerce", "Energy", "Treasury", "RIGGED"} & set(got)


def test_split_keeps_portfolios_out_of_the_employer():
    assert split("Commerce Secretary Gina Raimondo".split(), lambda w: False).employer is None
    got = split("Under Secretary of Commerce for Industry and Security Jeffery Kessler".split(), lambda w: False)
    assert got.name == "Jeffery Kessler" and got.employer is None
    assert split("National Defense Authorization Act".split(), lambda w: False) is None
