"""More shapes of names on unseen text (our own sentences, invented names): a known node under
another name (a country's other name, a company's full name whose initials are the node's
label), nationality adjectives, courts and districts, names starting with "New" or "One", a
stored text cut off mid-sentence, tickers and hashes."""
from __future__ import annotations

from datetime import date

from kg.core.namespaces import PK
from kg.curation.propose.lexicon import Lexicon, Node, make_name
from kg.curation.propose.proposals import Context
from kg.curation.propose.proposer import propose

ID = "https://w3id.org/policy-kg/id/"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"


def run(text: str) -> tuple[dict[str, str], dict[str, str]]:
    """(candidate label -> kind, mention text -> node's local name)."""
    nodes = {ID + "china": Node(ID + "china", "China", [str(PK.State)]),
             ID + "qmx": Node(ID + "qmx", "QMX", [str(PK.Company)])}
    names = [make_name(ID + "china", "China", SKOS_PREF), make_name(ID + "qmx", "QMX", SKOS_PREF)]
    props = propose(text, Context(Lexicon(nodes, names, []), date(2031, 3, 14)))
    return ({p.fields["label"]: p.fields["kind_guess"] for p in props if p.kind == "entity"},
            {p.text: p.fields["entity"].rsplit("/", 1)[-1] for p in props if p.kind == "mention"})


def test_a_known_node_under_another_name():
    got, seen = run("Officials of the PRC met Quillon Meridian Xylo Inc on Monday.")
    assert seen.get("PRC") == "china" and seen.get("Quillon Meridian Xylo Inc") == "qmx"
    assert not {"PRC", "Quillon Meridian Xylo Inc"} & set(got)


def test_a_nationality_adjective_names_its_state():
    got, _ = run("Two Singaporean men and a Thai trader were held. A Thai court agreed.")
    assert got["Singapore"] == "State" and got["Thailand"] == "State"
    assert not {"Singaporean", "Thai", "A Thai"} & set(got)


def test_courts_districts_and_names_starting_with_function_words():
    got, _ = run("They appeared in the District Court for the Western District of Ruritania. Prosecutors in the "
                 "Southern District of New York joined. Lawmakers passed the One Big Tidy Bill, and New rules "
                 "followed. The firm, founded by Oren Vask, runs the Larkspur Point data centre in Pell County.")
    assert got["District Court for the Western District of Ruritania"] == "GovernmentBody"
    assert got["Southern District of New York"] == "Place"
    assert got["One Big Tidy Bill"] == "Measure" and "New" not in got
    assert got["Oren Vask"] == "Person" and got["Larkspur Point"] == "DataCenter" and got["Pell County"] == "Place"


def test_a_line_cut_mid_sentence_is_no_headline_and_tickers_name_nothing():
    got, _ = run("Shares of Harrow Vale (HRV.O) rose; the filing id was 39be1bef03e66cdc886c.\n"
                 "Kell and Orr appeared in Federal Court in Port Sabine on Monday. Kell was freed on bail, while Orr h")
    assert got["Port Sabine"] == "Place" and "Federal Court" in got
    assert not {"HRV.O", "39be1bef03e66cdc886c", "Orr h"} & set(got)


def test_people_places_of_offices_and_bodies_named_both_ways():
    got, seen = run("Thai Premier Vask Oduya met Frank D. Yeary. Ortolan Minister Pell Haskin, 61, agreed, and "
                    "Congress was told. The Department of Tariffs wrote; the Tariffs Department later added that "
                    "an unnamed Southeast Asian company and Quarry Research were involved.")
    assert got["Vask Oduya"] == "Person" and got["Thailand"] == "State"
    assert got["Frank D. Yeary"] == "Person" and got["Pell Haskin"] == "Person"
    assert got["Congress"] == "GovernmentBody" and got["Department of Tariffs"] == "GovernmentBody"
    assert "Tariffs Department" not in got
    assert got["Southeast Asia"] == "Place" and got["Quarry Research"] == "Company"


def test_capitals_that_act_agencies_in_datelines_apps_and_opening_verbs():
    got, _ = run("VELDA, Ruritania (AP) — Ruritania fined a firm. Moscow's envoy objected, and analysts at "
                 "Morgan Stanley agreed. Getting the Netherlands to join took months. They used the Pellet "
                 "messaging app in the port city of Oderburg. Economy, Trade and Industry Minister Kaito Sunada "
                 "said so. Shares of Tokyo Electron and Samsung Electronics fell, near San Jose. REUTERS")
    assert got["AP"] == "Publisher" and got["Russia"] == "State" and "Moscow" not in got
    assert got["Morgan Stanley"] == "Company" and got["Pellet"] == "Software" and got["Oderburg"] == "Place"
    assert got["Kaito Sunada"] == "Person" and got["REUTERS"] == "Publisher" and got["San Jose"] == "Place"
    assert got["Tokyo Electron"] == "Company" and got["Samsung Electronics"] == "Company"
    assert not {"Getting the Netherlands", "Economy", "Trade", "Shares of Tokyo Electron and Samsung Electronics"} & set(got)


def test_bodies_of_government_described_in_lower_case():
    got, _ = run("The transport and ports ministry (Tpm) is investigating. Tpm said so. Chile's trade ministry "
                 "agreed, as did Thailand's central bank. The ministry said more, and the company's department "
                 "of sales did not.")
    assert got["transport and ports ministry"] == "GovernmentBody"
    assert got["Chile's trade ministry"] == "GovernmentBody" and got["Thailand's central bank"] == "GovernmentBody"
    assert "Tpm" not in got and not [label for label in got if "sales" in label or label.lower() == "the ministry"]


def test_offices_as_bodies_acronyms_of_candidates_and_more_heads():
    got, _ = run("Dimagit Science & Technology and Cheerway Trading were named. Irish MEP Colm Brannock spoke, as "
                 "did Turing Award winner Oskar Velde and FBI Director Renata Quill. Taiwan Semiconductor "
                 "Manufacturing Company notified. TSMC said so. The Minister of Economic Affairs ruled under the "
                 "Export Administration Regulations and the Artificial Intelligence Act (AI Act). The AI Act "
                 "applies. Per the FT, several Members of the European Parliament wrote to Zentrix OpenAI.")
    assert got["Dimagit Science & Technology"] == "Company" and got["Cheerway Trading"] == "Company"
    assert got["Colm Brannock"] == "Person" and got["Oskar Velde"] == "Person" and got["Renata Quill"] == "Person"
    assert got["FBI"] == "GovernmentBody" and got["Minister of Economic Affairs"] == "GovernmentBody"
    assert got["Export Administration Regulations"] == "Measure" and got["Artificial Intelligence Act"] == "Measure"
    assert got["Zentrix OpenAI"] == "AILab"
    assert not {"TSMC", "AI Act", "Turing Award", "Per the FT", "Members", "Economic Affairs", "Dimagit Science"} & set(got)


def test_captions_czars_speakers_committees_and_parties():
    got, _ = run("(FILES) Orla Venn spoke in Taipei. (Photo by Ilse Marr / AFP) He is shipping the H30s. The "
                 "Ministry of Ports, Roads and Rail (MPRR) agreed. Later the AI Czar Dana Voss told CNBC the H30 was "
                 "old, and the House voted with Republicans on the Clean Data and Open Compute Initiative. Sen. Ruiz, "
                 "ranking member of the Senate Committee on Mines, Energy and Transport, spoke. Attorneys General "
                 "agreed. AG Brell said Big Tech was wrong. House Speaker Tam Oyelaran (R-LA) disagreed with the "
                 "Republican plan.")
    assert got["AFP"] == "Publisher" and got["CNBC"] == "Publisher" and got["H30"] == "Chip"
    assert got["Ministry of Ports, Roads and Rail"] == "GovernmentBody"
    assert got["Dana Voss"] == "Person" and got["Tam Oyelaran"] == "Person" and got["Brell"] == "Person"
    assert got["House"] == "GovernmentBody" and got["Republicans"] == "ActorGroup"
    assert got["Clean Data and Open Compute Initiative"] == "Measure"
    assert got["Senate Committee on Mines, Energy and Transport"] == "GovernmentBody"
    assert not {"FILES", "Ilse Marr", "H30s", "CNBC the H30", "Attorneys General", "Big Tech", "Republican",
                "R-LA", "The Ministry of Ports, Roads and Rail"} & set(got)


def test_list_items_currencies_articles_banks_of_a_country_and_nameparser_titles():
    got, seen = run("Fines can reach EUR 35 million under Article 99.\nTier 1 — Prohibited practices:\n"
                    "  • Subliminal manipulation\n  • Emotion recognition\nThe VXT Chip Index rose. It compares with "
                    "the GDPR. Investors include Industrial and Commercial Bank of China and Bank of China, according "
                    "to the National Enterprise Credit Information Disclosure System. Colonel Ahmed Karimi agreed.")
    assert got["GDPR"] == "Measure" and got["Ahmed Karimi"] == "Person"
    assert got["Industrial and Commercial Bank of China"] == "Company" and got["Bank of China"] == "Company"
    assert "National Enterprise Credit Information Disclosure System" in got and seen.get("China") == "china"
    assert not {"EUR", "Article", "Prohibited", "Subliminal", "Emotion", "VXT Chip Index", "Industrial",
                "Commercial Bank", "Disclosure System"} & set(got)


def test_embassies_by_adjective_the_hague_portfolios_in_brackets_and_opening_publishers():
    got, _ = run("The Thai embassy in The Hague objected to curbs on Velmor chip machines. Reuters reported on "
                 "Thursday that Quarn was fined. Quarn said it complied. Officials said so. Minister Liesje Vaart "
                 "(Foreign Trade) spoke.")
    assert got["Thai embassy"] == "GovernmentBody" and got["Hague"] == "Place" and got["Velmor"] == "Company"
    assert got["Reuters"] == "Publisher" and got["Quarn"] == "Company" and got["Liesje Vaart"] == "Person"
    assert not {"Foreign Trade", "Officials"} & set(got)
