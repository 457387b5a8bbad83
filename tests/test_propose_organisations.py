"""Kinds of organisations from the words around their names, and names glued or split around
them (``kg.curation.propose.organisations``). Each sentence here is our own, with invented names
where the rule must not depend on a known one."""
from __future__ import annotations

from test_propose_names import ID, entities, run


def test_appositions_and_sorts_tell_outlets_apps_and_think_tanks():
    got = entities("Quillmark, a business magazine, said talks stalled. Users left Velvo, an AI coding tool, "
                   "in May. The Harrow Forum, a Prague think tank, disagreed. The Tindle app grew.")
    assert got["Quillmark"] == "Publisher"      # a word opening a sentence, kept for its apposition
    assert got["Velvo"] == "Software"
    assert got["Harrow Forum"] == "Actor"
    assert got["Tindle"] == "Software"


def test_an_apposition_about_the_person_is_no_kind_of_the_name():
    got = entities("Maria Castell, a partner at the law firm Brask Odin, said the case was weak. "
                   "Jonas Fehr, the company's chief executive, agreed.")
    assert got["Maria Castell"] == "Person"
    assert got["Jonas Fehr"] == "Person"
    assert got["Brask Odin"] == "Company"


def test_outlets_told_or_written_in_and_platforms_posted_on():
    got = entities("The minister told the Harbin Ledger it would comply. Writing in Foreign Quarterly, she "
                   "argued for limits. He later posted on Chirpy Social that the rule was unfair.")
    assert got["Harbin Ledger"] == "Publisher"
    assert got["Foreign Quarterly"] == "Publisher"
    assert got["Chirpy Social"] == "Software"


def test_parties_party_members_and_think_tanks_by_their_own_words():
    got = entities("The ruling Liberal Unity Party backed the plan. The Social Democrats and the Greens voted "
                   "against it. The Brenner Endowment for World Peace and the Council on Harbour Relations wrote too.")
    assert got["Liberal Unity Party"] == "Actor"
    assert got["Social Democrats"] == "ActorGroup"
    assert got["Greens"] == "ActorGroup"
    assert got["Brenner Endowment for World Peace"] == "Actor"
    assert got["Council on Harbour Relations"] == "Actor"


def test_a_person_of_a_firm_is_two_names():
    got = entities('"It is a test," said Maria Castell of Brask Odin LLP on Monday.')
    assert got["Maria Castell"] == "Person"
    assert got["Brask Odin LLP"] == "Company"
    assert "Maria Castell of Brask Odin LLP" not in got


def test_the_holder_of_an_office_in_a_body_is_a_person():
    got = entities("The Latvian privacy regulator, known as the Uzraugs, asked for answers, said the head of the "
                   "Latvian privacy regulator, Janis Berzins.")
    assert got["Uzraugs"] == "GovernmentBody"
    assert got["Janis Berzins"] == "Person"
    assert "Latvian privacy regulator" not in got       # its name is the one it is known by


def test_a_country_inside_an_outlets_or_partys_name_is_no_mention():
    props = run("The China Tribune reported the plan. Members of the Chinese Unity Party met.")
    ents = {p.fields["label"]: p.fields["kind_guess"] for p in props if p.kind == "entity"}
    assert ents["China Tribune"] == "Publisher"
    assert ents["Chinese Unity Party"] == "Actor"
    assert not [p for p in props if p.kind == "mention" and p.fields["entity"] == ID + "china"]


def test_tickers_campuses_app_stores_and_an_adjective_before_an_acronym():
    got = entities("Shares of Brask Corp (NASDAQ:BRSK) fell. A professor at the University of Ostrava, Poruba, "
                   "disagreed. The app left the Apple and Vexo app stores. The head of the Malaysian BRNA news agency spoke.")
    assert "NASDAQ" not in got and "BRSK" not in got
    assert got["University of Ostrava, Poruba"] == "Actor"
    assert got["Vexo"] == "Company"
    assert got["BRNA"] == "Publisher"
    assert "Malaysian BRNA" not in got


def test_laws_by_a_lowercase_head_outlets_that_reported_and_versioned_models():
    got = entities("Officials said the Harbour Export Product rule would widen. The story was first reported by "
                   "Vantor. Kallis Weekly first reported the talks. Zenlab released Orca-3.5 last week.")
    assert got["Harbour Export Product"] == "Measure"
    assert got["Vantor"] == "Publisher"
    assert got["Kallis Weekly"] == "Publisher"
    assert got["Orca-3.5"] == "AIModel"


def test_a_report_by_a_think_tank_is_no_outlet():
    got = entities("A report by the Harrow Institute for Sea Studies urged caution.")
    assert got["Harrow Institute for Sea Studies"] == "Actor"


def test_a_ministry_described_by_a_known_countrys_adjective_is_no_junk():
    got = entities("Officials at the Chinese foreign ministry said it opposed the move.")
    assert got["Chinese foreign ministry"] == "GovernmentBody"


def test_lawyers_for_a_person_of_a_firm_and_an_apposition_with_an_owner():
    got = entities("Lawyers for Wen Qiao of Brask & Odin said he was innocent. The order ran after Xinhua, "
                   "China's state news agency, published it.")
    assert got["Wen Qiao"] == "Person"
    assert got["Brask & Odin"] == "Company"
    assert got["Xinhua"] == "Publisher"     # a district's name too: the apposition decides


def test_news_agencies_forums_and_polytechnics_by_their_names():
    got = entities("The Kestrel News Agency said talks resumed. Officials at the World Harbour Forum met. "
                   "The Dunmore Polytechnic opened a lab.")
    assert got["Kestrel News Agency"] == "Publisher"        # no body of government, though an "Agency"
    assert got["World Harbour Forum"] == "Actor"
    assert got["Dunmore Polytechnic"] == "Actor"


def test_committees_with_a_known_country_or_fields_of_several_words_are_one_name():
    got = entities("Jan Brask, chair of the House Select Committee on China, spoke before the Senate Harbour "
                   "Subcommittee on East Asia, the Pacific and Maritime Trade Policy. The Ministry of Commerce, "
                   "China and the harbour board met.")
    assert got["House Select Committee on China"] == "GovernmentBody"
    assert got["Senate Harbour Subcommittee on East Asia, the Pacific and Maritime Trade Policy"] == "GovernmentBody"
    assert got["Ministry of Commerce"] == "GovernmentBody"      # a list with a known name in it is no portfolio list


def test_an_administration_of_a_known_country_is_one_name():
    got = entities("The Cyberspace Administration of China approved both models.")
    assert got["Cyberspace Administration of China"] == "GovernmentBody"


def test_a_firm_before_its_analyst_or_spokesperson_is_kept_as_a_firm():
    got = entities("Brenmark analyst Jane Roe said the impact was limited. Kestrel Securities analyst Dan Ivory agreed.")
    assert got["Brenmark"] == "Company"     # a word opening a sentence, kept: an analyst's firm
    assert got["Kestrel Securities"] == "Company"
    assert got["Jane Roe"] == "Person"


def test_a_clause_after_a_comma_is_no_apposition():
    got = entities("Separately, the agency, which is based in Oslo, said so. In Tokyo, the ministry said it opposed "
                   "the move. Vantor, the regulator said, had no licence.")
    assert "Separately" not in got      # an adverb opening a sentence is no name, whatever follows it
    assert got["Tokyo"] == "Place"      # "the ministry said": a new clause, no apposition
    assert got.get("Vantor") != "GovernmentBody"


def test_a_datelines_city_is_no_name_and_an_apposition_tells_a_firm_with_a_personal_shape():
    got = entities("OSTRAVA (Kestrel) - The ministry added Wen Qiao, a Harbin chipmaker, to its list.")
    assert "OSTRAVA" not in got
    assert got["Kestrel"] == "Publisher"
    assert got["Wen Qiao"] == "Company"     # a name shaped like a person's, told by its apposition


def test_trade_and_advocacy_groups_speak_for_their_members():
    got = entities("The Harbour Chip Association warned of costs. Fairtech, an advocacy group based in Oslo, agreed.")
    assert got["Harbour Chip Association"] == "ActorGroup"
    assert got["Fairtech"] == "ActorGroup"


def test_a_word_opening_a_sentence_with_its_shares_or_chief_is_a_firm():
    got = entities("Brenmark's shares fell 5%. Vantor's chief executive said so. Yesterday's vote failed.")
    assert got["Brenmark"] == "Company"
    assert got["Vantor"] == "Company"
    assert "Yesterday" not in got


def test_a_model_family_alone_is_a_model_but_a_labs_own_name_is_the_lab():
    got = entities("Users compared Qwen with Grok last week. Companies such as Mistral grew.")
    assert got["Qwen"] == "AIModel"
    assert got["Grok"] == "AIModel"
    assert got["Mistral"] == "AILab"


def test_a_persons_role_after_according_to_a_chip_designer_an_airport_and_a_foundation():
    got = entities("Prices rose, according to Lennart Roe, a researcher at a Prague lab. Wen Qiao approached Brenmark, "
                   "a U.S. semiconductor designer, in May. She was stopped at Harbin Vexo International Airport. "
                   "The Foundation for American Innovation agreed.")
    assert got["Lennart Roe"] == "Person"       # a role only a person has, though "according to" names outlets
    assert got["Brenmark"] == "Company"
    assert got["Harbin Vexo International Airport"] == "Place"
    assert got["Foundation for American Innovation"] == "Actor"     # a known country's adjective inside the name


def test_a_firm_before_its_engineer_and_a_person_before_who():
    got = entities("He sentenced a former Brenmark software engineer, Jane Roe, on Monday. Wen Qiao conspired with "
                   "Kiet Vo—who was charged separately—to approach the firm.")
    assert got["Brenmark"] == "Company"     # not a person for the title "former" before it
    assert got["Kiet Vo"] == "Person"


def test_plural_titles_founders_in_apposition_and_places_by_their_neighbours():
    got = entities("Judges Marta Quell and Ivo Brand said the case was weak. The deal was signed by Tove Rainer Dahl, "
                   "Norrel Vane's founder and managing director, on Monday. It built parks in Kelloway and Brindun, "
                   "both in Ostmark, and a plant in Fennick, Va. last year.")
    assert got["Marta Quell"] == "Person" and "Judges Marta Quell" not in got
    assert got["Tove Rainer Dahl"] == "Person"
    assert got["Kelloway"] == "Place" and got["Brindun"] == "Place"
    assert got["Va"] == "Place"


def test_a_centre_for_a_cause_is_one_name():
    got = entities("A report by the Center for a Stronger Ostmark said exports rose.")
    assert got["Center for a Stronger Ostmark"] == "Actor"


def test_an_outlet_that_reported_that_or_citing():
    got = entities("Earlier, the Ostrel Ledger reported, citing sources, that talks stalled. Jane Roe reported that too.")
    assert got["Ostrel Ledger"] == "Publisher"
    assert got["Jane Roe"] == "Person"
