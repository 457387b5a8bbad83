"""Candidate entities on text the graph has never seen (every sentence here is our own): kinds
from evidence (gazetteer, company suffixes, bodies of government, publishers, models, chips,
people with titles or nicknames), no junk, capitals standing for their country, surnames and
bracketed acronyms folded into the name they stand for, headlines skipped."""
from __future__ import annotations

from datetime import date

from kg.core.namespaces import PK
from kg.curation.propose.lexicon import Lexicon, Node, make_name
from kg.curation.propose.proposals import Context
from kg.curation.propose.proposer import propose

ID = "https://w3id.org/policy-kg/id/"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"


def lexicon() -> Lexicon:
    nodes = {ID + "china": Node(ID + "china", "China", [str(PK.State)]),
             ID + "rufus": Node(ID + "rufus", "Rufus Firefly", [str(PK.Person)]),
             ID + "gull": Node(ID + "gull", "Acme Gull Harbour Edition", [str(PK.AIModel)])}
    names = [make_name(ID + "china", "China", SKOS_PREF), make_name(ID + "rufus", "Rufus Firefly", SKOS_PREF),
             make_name(ID + "gull", "Acme Gull Harbour Edition", SKOS_PREF)]
    return Lexicon(nodes, names, [])


def run(text: str) -> list:
    return propose(text, Context(lexicon(), date(2031, 3, 14)))


def entities(text: str) -> dict[str, str]:
    """Candidate label -> kind."""
    return {p.fields["label"]: p.fields["kind_guess"] for p in run(text) if p.kind == "entity"}


def test_kinds_from_evidence():
    got = entities("Last week Portugal and Mexico signed a pact. Freedonia Widgets Bhd won the contract, "
                   "according to the Sylvania Gazette. Acme trained its R3 model on Zeta 910C chips.")
    assert got["Portugal"] == "State" and got["Mexico"] == "State" and "Portugal and Mexico" not in got
    assert got["Freedonia Widgets Bhd"] == "Company"
    assert got["Sylvania Gazette"] == "Publisher"
    assert got["R3"] == "AIModel" and got["Zeta 910C"] == "Chip"


def test_a_body_of_government_listing_portfolios_and_its_acronym_in_any_case():
    props = run("The Ministry of Fisheries, Forests and Parks (MFFP) opened a review. Later the Mffp said more.")
    ents = [p for p in props if p.kind == "entity"]
    assert [p.fields["label"] for p in ents] == ["Ministry of Fisheries, Forests and Parks"]
    assert ents[0].fields["kind_guess"] == "GovernmentBody" and "MFFP" in ents[0].fields["aliases"]
    assert len(ents[0].fields["occurrences"]) == 3      # the name, "(MFFP)", and "Mffp": not a candidate


def test_people_by_title_and_nickname_and_their_surnames():
    got = run("Prosecutors named Jan-Erik “Bo” Lindqvist, a sales manager. Lindqvist denied it. "
              "Deputy Minister of Fisheries Ola Nordmann said the quota stays. Firefly agreed.")
    ents = {p.fields["label"]: p for p in got if p.kind == "entity"}
    assert ents["Jan-Erik Lindqvist"].fields["kind_guess"] == "Person"
    assert len(ents["Jan-Erik Lindqvist"].fields["occurrences"]) == 2 and "Lindqvist" not in ents
    assert ents["Ola Nordmann"].fields["kind_guess"] == "Person" and ents["Ola Nordmann"].text == "Ola Nordmann"
    # a known person's surname alone is a mention of that person
    assert any(p.kind == "mention" and p.fields["entity"] == ID + "rufus" and p.text == "Firefly" for p in got)


def test_no_junk_candidates():
    got = entities("Officials said AI and R&D matter. The Government said ROI was low on Tue at 9 AM UTC. "
                   "The firm paid RM12 for 300MW, President said.")
    assert not set(got) & {"AI", "R&D", "ROI", "Government", "Tue", "AM UTC", "RM12", "300MW", "President"}, got


def test_a_capital_that_acts_is_its_country_and_a_city_after_from_is_a_place():
    got = run("Beijing objected to the plan. Engineers flew from Beijing to Oslo in March.")
    mentions = [p for p in got if p.kind == "mention" and p.fields["entity"] == ID + "china"]
    assert mentions and mentions[0].text == "Beijing" and mentions[0].start == 0
    ents = {p.fields["label"]: p.fields["kind_guess"] for p in got if p.kind == "entity"}
    assert ents.get("Oslo") == "Place"


def test_a_headline_names_nothing_the_body_does_not():
    got = entities("Ministry Fines Widget Makers Over Export Breach\nThe fine was small, the Widget Makers said.")
    assert "Ministry Fines Widget Makers Over Export Breach" not in got and "Ministry Fines Widget Makers" not in got


def test_part_of_a_known_proper_name_is_a_mention_of_it():
    got = run("Testers said Gull Harbour Edition beat the rest.")
    assert any(p.kind == "mention" and p.fields["entity"] == ID + "gull" and p.text == "Gull Harbour Edition"
               for p in got)
    assert not [p for p in got if p.kind == "entity" and "Gull" in p.fields["label"]]


def test_regions_titles_and_what_is_no_name():
    got = entities("Brokers in Selangor shipped racks across Southeast Asia, a Zembla-based dealer said. "
                   "PORT OSTRAVA HARBOUR BULLETIN. The 500MW Quorvane campus opened. President Bramble "
                   "signed it, and the Bramble administration praised it.")
    assert got["Selangor"] == "Place" and got["Southeast Asia"] == "Place"
    assert "Zembla" not in got                                   # a place as an adjective only
    assert not any(k.isupper() for k in got)                     # a shouted line is no name
    assert "Quorvane" in got and not any(k.startswith("500") for k in got)
    assert got["Bramble"] == "Person"


def test_the_start_of_a_longer_name_is_that_name():
    props = run("Quorvane Silicon Research expects demand to grow. Later, Quorvane Silicon said prices rose; "
                "Quorvane added that stocks were thin.")
    ents = [p for p in props if p.kind == "entity"]
    assert [p.fields["label"] for p in ents] == ["Quorvane Silicon Research"]
    assert len(ents[0].fields["occurrences"]) == 3


def test_offices_territories_unions_and_units():
    got = entities("Harbour Secretary Ada Quill said the ferry runs. Tan Wei Ming, a broker, agreed; "
                   "Tan said boats wait. Ferries reach Hong Kong and Macau. The EU and the European Commission "
                   "agreed in Aug. Forty CEOs met at Quorvane City. Drives hold 4 TB each.")
    assert got["Ada Quill"] == "Person" and "Harbour Secretary Ada Quill" not in got
    assert got["Tan Wei Ming"] == "Person" and "Tan" not in got            # a surname first, alone
    assert got["Hong Kong"] == got["Macau"] == got["Quorvane City"] == "Place"
    assert got["EU"] == "Coalition" and got["European Commission"] == "GovernmentBody"
    assert not {"Aug", "CEOs", "TB"} & set(got)


def test_a_later_mention_that_tells_the_kind_decides_over_the_default():
    got = entities("Problems with Quillon delayed the ferry software. Buyers wanted Quillon chips instead.")
    assert got["Quillon"] == "Chip"
