"""Name shapes found on real articles the rules had not seen (each sentence here is our own, with
invented names): a firm's arm in a country, "Greater" places, a closing agency credit, a lone
surname with a pronoun, governments named by place or leader in lower case, a think tank with a
country inside its name and its acronym of syllables, a body's short name by its last words."""
from __future__ import annotations

from datetime import date

from kg.core.namespaces import PK
from kg.curation.propose.lexicon import Lexicon, Node, make_name
from kg.curation.propose.proposals import Context
from kg.curation.propose.proposer import propose
from test_propose_names import ID, SKOS_PREF, entities, run


def test_a_firm_named_with_a_country_is_its_arm_there_not_a_person():
    props = run("Quorvane said demand held. A manager from Quorvane Norway said the Norway sites grew.")
    ents = {p.fields["label"]: p for p in props if p.kind == "entity"}
    assert ents["Quorvane Norway"].fields["kind_guess"] == "Company"
    assert ents["Quorvane"].fields["kind_guess"] == "Company"       # the parent keeps its own mentions
    assert ents["Norway"].fields["kind_guess"] == "State"
    assert len(ents["Quorvane Norway"].fields["occurrences"]) == 1


def test_greater_places_credits_and_a_surname_with_a_pronoun():
    got = entities("Racks sit in Greater Oslo, near the port. Tallow said she would sign. The plan was "
                   "approved, he said. — Ostravan Wire")
    assert got["Greater Oslo"] == "Place"
    assert got["Tallow"] == "Person"
    assert got["Ostravan Wire"] == "Publisher"


def test_governments_named_by_place_or_leader():
    props = run("Later the Selangor state government approved it. The Bramble government agreed, and the "
                "Bramble administration paid.")
    ents = {p.fields["label"]: p for p in props if p.kind == "entity"}
    assert ents["Selangor state government"].fields["kind_guess"] == "GovernmentBody"
    assert ents["Bramble government"].fields["kind_guess"] == "Administration"
    assert len(ents["Bramble government"].fields["occurrences"]) == 2
    assert "Bramble administration" not in ents


def test_a_think_tank_with_a_country_inside_and_its_syllable_acronym():
    props = run("A report by the Ostrava Institute for China Studies urged caution. OSICS, based in Prague, "
                "added that rules lag.")
    ents = {p.fields["label"]: p for p in props if p.kind == "entity"}
    assert ents["Ostrava Institute for China Studies"].fields["kind_guess"] == "Actor"
    assert len(ents["Ostrava Institute for China Studies"].fields["occurrences"]) == 2
    assert "OSICS" not in ents and "Studies" not in ents
    assert any(p.kind == "mention" and p.fields["entity"] == ID + "china" for p in props)


def test_a_body_named_short_by_its_last_words_is_the_same_body():
    props = run("Officials of the Economy and Harbour Ministry met. Later the Harbour Ministry said no.")
    ents = {p.fields["label"]: p for p in props if p.kind == "entity"}
    assert "Harbour Ministry" not in ents
    assert len(ents["Economy and Harbour Ministry"].fields["occurrences"]) == 2


def test_names_a_run_cuts_short_are_whole():
    got = entities("Finance Minister Park Ji-hoon spoke. New York-based dealers and a Tokyo-listed maker agreed.")
    assert got.get("Park Ji-hoon") == "Person"
    assert not any(k.endswith("-based") or k.endswith("-listed") for k in got)


def test_a_given_name_before_a_known_administration_is_the_whole_name():
    admin = ID + "firefly-administration"
    lex = Lexicon({admin: Node(admin, "Firefly administration", [str(PK.Administration)])},
                  [make_name(admin, "Firefly administration", SKOS_PREF)], [])
    props = propose("Rules tightened. President Mary Firefly’s administration paid.", Context(lex, date(2031, 3, 14)))
    ents = {p.fields["label"]: p.fields["kind_guess"] for p in props if p.kind == "entity"}
    assert ents.get("Mary Firefly") == "Person" and "Mary" not in ents
    assert any(p.kind == "mention" and p.fields["entity"] == admin for p in props)


def test_categories_in_capitals_and_dateline_agencies():
    got = entities("OSLO (Fjordpost) – Quorvane Holding said the rules ban Predictive Policing, Emotion Inference "
                   "and Manipulative tools.")
    assert not {"Predictive Policing", "Emotion Inference", "Manipulative"} & set(got), got
    assert got["Fjordpost"] == "Publisher" and got["Quorvane Holding"] == "Company"


def test_a_portfolio_before_a_titled_name_and_a_short_name_defined_with_the():
    got = entities("Minister of Economic Affairs Mary Quill said no. The Harbour Users Act (the HU Act) binds. "
                   "The HU Act applies.")
    assert got.get("Mary Quill") == "Person" and "Affairs Mary Quill" not in got
    props = run("The Harbour Users Act (the HU Act) binds. The HU Act applies.")
    ents = {p.fields["label"]: p for p in props if p.kind == "entity"}
    assert "HU Act" not in ents and len(ents["Harbour Users Act"].fields["occurrences"]) == 3


def test_a_nationality_government_and_an_apostrophe_inside_a_city_name():
    got = entities("The Korean government agreed. Plants in Xi’an grew, and Quorvane’s output rose.")
    assert "Korean government" not in got and got.get("South Korea") == "State"
    assert got.get("Xi’an") == "Place" and "Xi" not in got and got.get("Quorvane") == "Company"


def test_an_office_alone_and_a_coded_machine():
    got = entities("Lawmakers questioned the Norway’s Trade Minister. Quorvane ships its Zeta QX2040Ci chipmaking machine. "
                   "The Department of Justice agreed.")
    assert not any(k.endswith("Minister") for k in got), got
    assert got.get("Zeta QX2040Ci") == "ManufacturingEquipment"
    assert got.get("Department of Justice") == "GovernmentBody"
