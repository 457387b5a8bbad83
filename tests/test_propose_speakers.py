"""Claims attributed to who says them (every sentence here is our own)."""
from __future__ import annotations

import json

from kg.core.namespaces import PK
from test_ingest import ingest, scratch  # noqa: F401  (scratch is a fixture)
from test_ingest import run as run_cli
from test_propose_events import accept_and_read
from test_propose_names import ID, run


def claims(text: str) -> list[dict]:
    return [dict(p.fields, text=p.text) for p in run(text) if p.kind == "claim"]


def test_according_to_names_the_source_not_an_actor_named_before():
    got = claims("China tightened ferry permits, according to the Sylvania Gazette.")
    assert [c["claimer_label"] for c in got] == ["Sylvania Gazette"] and got[0]["claimer"] is None
    assert got[0]["claimer_candidate"] == "Sylvania Gazette" and got[0]["about"] == [ID + "china"]


def test_a_ministry_and_its_pronouns_and_descriptions():
    got = claims("The Ministry of Fisheries, Forests and Parks (MFFP) said quotas stay. "
                 "The ministry further noted that boats wait. Later it reaffirmed the ban on trawlers in China.")
    assert [c["claimer_label"] for c in got] == ["Ministry of Fisheries, Forests and Parks"] * 3


def test_a_speaker_after_the_verb_and_a_description_naming_nobody():
    got = claims("“Quotas will hold,” said Rufus Firefly. The report, which ran on Monday, alleged that China agreed.")
    assert got[0]["claimer"] == ID + "rufus"
    assert got[1]["claimer_label"] == "The report" and got[1]["claimer"] is None


def test_a_capitalised_verb_is_a_name_not_a_verb():
    got = claims("Trade between the United States and China grew.")
    assert got == []


def test_a_claim_by_a_candidate_is_tied_to_it_once_accepted(runner, scratch):  # noqa: F811
    src = scratch["tmp"] / "notes.txt"
    src.write_text("Nvidia shipped servers to a depot, according to the Sylvania Gazette.\n", encoding="utf-8")
    out = ingest(runner, scratch, src, "--published", "2026-03-20")
    view = json.loads(run_cli(runner, ["review", out["id"], "--json", *scratch["opts"]]).stdout)
    claim = next(p for p in view["proposals"] if p["kind"] == "claim")
    paper = next(p for p in view["proposals"] if p["kind"] == "entity" and p["label"] == "Sylvania Gazette")
    assert claim["claimer"] is None and claim["claimer_candidate"] == "Sylvania Gazette"
    assert paper["class"].endswith("#Publisher")
    g = accept_and_read(runner, scratch, out, paper["id"], claim["id"])
    node = next(g.subjects(PK.claimer, None))
    assert str(g.value(node, PK.claimer)).endswith("/sylvania-gazette")


def test_he_and_she_are_people_it_is_not():
    got = claims("The Ministry of Fisheries said quotas stay. “Boats will wait,” Rufus Firefly said. "
                 "Later he said the ban holds. It added that China agreed.")
    assert [(c["claimer_label"], c["speaker_by"]) for c in got] == [
        ("Ministry of Fisheries", "before the verb"), ("Rufus Firefly", "before the verb"),
        ("Rufus Firefly", "latest speaker"), ("Ministry of Fisheries", "latest actor")]


def test_roles_appositives_and_titles_after_the_verb():
    got = claims("The Ministry of Fisheries said quotas stay. Boats are idle, the spokesperson said. "
                 "Ada Quill, spokesperson for the Harbour Office, reiterated the ban. "
                 "“Nets stay dry,” said harbour master Otto Brine at the quay.")
    assert [(c["claimer_label"], c["speaker_by"]) for c in got] == [
        ("Ministry of Fisheries", "before the verb"), ("Ministry of Fisheries", "latest speaker"),
        ("Ada Quill", "before the verb"), ("Otto Brine", "after the verb")]


def test_no_claim_from_a_passive_a_qualified_noun_or_a_headline():
    got = claims("China Weighs Ferry Permits After Reports\n"
                 "The ferry was claimed to be safe. The China situation highlights the limits of permits. "
                 "Despite reports of delays in China, boats sail.")
    assert got == []


def said(text: str) -> list[tuple]:
    return [(c["claimer_label"], c["speaker_by"]) for c in claims(text)]


def test_she_is_the_last_person_the_text_does_not_call_he():
    got = said("Ada Quill, the harbour minister, said quotas stay. Rufus Firefly said he disagreed. "
               "She added that boats wait.")
    assert got == [("Ada Quill", "before the verb"), ("Rufus Firefly", "before the verb"), ("Ada Quill", "latest actor")]


def test_unnamed_sources_they_and_the_people_and_a_closing_attribution():
    got = claims("Ferry permits will be cut, according to people familiar with the matter. "
                 "The permits were discussed in March, they said. "
                 "Harbour officials told fishers that quotas stay, the people said.")
    assert [(c["claimer_label"], c["speaker_by"], c.get("speaker_unnamed")) for c in got] == [
        ("people familiar with the matter", "according to", True),
        ("people familiar with the matter", "latest speaker", True),
        ("people familiar with the matter", "latest speaker", True)]
    assert all(c["claimer"] is None for c in got)


def test_a_spokesperson_for_a_body_is_the_body_and_prosecutors_are_unnamed():
    got = said("A spokesperson for the Ministry of Fisheries said quotas stay. "
               "Prosecutors allege that Rufus Firefly shipped nets to China. Analysts warn that ferry prices will rise.")
    assert got == [("Ministry of Fisheries", "role of a named actor"), ("Prosecutors", "unnamed source"),
                   ("Analysts", "unnamed source")]


def test_documents_show_and_a_document_of_a_named_body():
    got = said("The Ministry of Fisheries opened a case. Court documents show the nets went to China. "
               "The Ministry of Fisheries indictment alleges that Rufus Firefly lied.")
    assert got == [("Court documents", "description"), ("Ministry of Fisheries", "named in the description")]


def test_no_claim_from_a_question_an_object_of_added_or_a_noun():
    assert said("Will China cut permits? Why did the ministry say so? The ministry has added 14 ports to the list. "
                "An estimate of the cost was given. The plan is to warn fishers.") == []


def test_two_speakers_and_a_time_between_subject_and_verb():
    got = said("The Ministry of Fisheries on Tuesday confirmed the ban, according to the Sylvania Gazette.")
    assert got == [("Ministry of Fisheries", "before the verb"), ("Sylvania Gazette", "according to")]


def test_a_name_the_proposer_does_not_know_and_its_ticker():
    got = said("Gull Harbour 9 (GH9.X) said on Wednesday it signed a lease. Demand is high, Gull Harbour 9 added.")
    assert [label for label, _ in got] == ["Gull Harbour 9"] * 2


def test_two_subjects_a_second_clause_and_one_of_them():
    got = said("Gull Freight Ltd and the Ministry of Fisheries said in a joint statement that ferries resume. "
               "Ada Quill, a professor at Gull University, said the rules were weak, while Rufus Firefly argued "
               "they were too strict. Two people with knowledge of the plan said it would change. "
               "One of them said the draft was ready.")
    assert got == [("Gull Freight Ltd", "before the verb"), ("Ministry of Fisheries", "before the verb"),
                   ("Ada Quill", "before the verb"), ("Rufus Firefly", "before the verb"),
                   ("Two people with knowledge of the plan", "unnamed source"),
                   ("Two people with knowledge of the plan", "latest speaker")]


def test_courts_rule_that_letters_have_authors_and_adjectives_are_no_verbs():
    got = said("The court ruled that the ban was lawful. The court found a buyer for the ferry. "
               "Rufus Firefly sent a letter to the Ministry of Fisheries. “Ports must stay open,” the letter continued. "
               "The alleged smuggling of nets was not proven. Rufus Firefly’s alleged ties to China were not proven.")
    assert got == [("The court", "description"), ("Rufus Firefly", "author of the document")]


def test_a_source_per_a_paper_then_the_members_it_reports_and_a_participle():
    got = claims("Per The Sylvania Gazette, several members of the Harbour Board have expressed concerns about quotas. "
                 "The members argue that boats will idle. They also warn that prices will rise. "
                 "Harbour lawmakers have opposed the quotas, warning that boats would idle.")
    assert [(c["claimer_label"], c["speaker_by"], c["epistemic_status"]) for c in got] == [
        ("several members of the Harbour Board", "unnamed source", "Assertion"),
        ("Sylvania Gazette", "according to", "Assertion"),
        ("several members of the Harbour Board", "latest speaker", "Opinion"),
        ("several members of the Harbour Board", "latest speaker", "Warning"),
        ("Harbour lawmakers", "unnamed source", "Warning")]


def test_a_surname_the_first_source_and_a_defined_office():
    got = said("Ada Quill opened the hearing on ferries. Quill acknowledged that questions remain. "
               "Ferry quotas will fall, according to a person familiar with the matter. Another source confirmed "
               "the cut. Neither would name the ports, but the first source said two would close. "
               "The Minister of Ferries (the Minister) signed an order. The Minister stated that boats wait. "
               "GFL owns the ferries. GFL said in a statement on Monday that it had stopped sailing.")
    assert got == [("Ada Quill", "before the verb"), ("person familiar with the matter", "according to"),
                   ("Another source", "unnamed source"), ("person familiar with the matter", "latest speaker"),
                   ("Minister of Ferries", "defined in the text"), ("GFL", "before the verb")]


def test_relative_clauses_asides_joined_subjects_and_titled_surnames():
    got = said("The vote was a win for ferry crews and the Harbour Union, who had argued against the quotas. "
               "Senators Ada Quill (D-WA) and Rufus Firefly (R-TN), along with Port Director Jane Gull, voiced strong "
               "opposition to the quotas. Sen. Quill, ranking member of the Committee on Ports, Boats and Nets, "
               "warned that crews would leave. “Quotas hurt,” said Sen. Firefly. Director Gull cautioned that "
               "boats wait.")
    assert got[0] == ("ferry crews and the Harbour Union", "unnamed source")
    names = [(" ".join(label.split()[-2:]), how) for label, how in got[1:]]    # the name, whatever title it carries
    assert names == [("Ada Quill", "before the verb"), ("Rufus Firefly", "before the verb"),
                     ("Ada Quill", "before the verb"), ("Rufus Firefly", "after the verb"),
                     ("Jane Gull", "before the verb")]


def test_a_given_name_makes_a_person_and_criticised_is_speech():
    got = said("Press Adviser David Gull told reporters that quotas stay. He said boats wait. "
               "China has criticized the quotas as unfair.")
    names = [(" ".join(label.split()[-2:]), how) for label, how in got]    # the name, whatever title it carries
    assert names == [("David Gull", "before the verb"), ("David Gull", "latest speaker"), ("China", "before the verb")]


def test_titled_people_bodies_by_place_and_who_issued_a_statement():
    got = said("China urges the harbour board to keep the quotas\n"
               "Minister Ada Quill announced on Friday that ferries would stop. “We weighed it,” the minister said. "
               "The Chinese embassy in Gull Town issued a statement denouncing the quotas. "
               "“This will hurt trade,” the statement said. Rufus Firefly had already announced last year that "
               "ports would close.")
    assert [(" ".join(label.split()[-2:]), how) for label, how in got[:2] + got[4:]] == [
        ("Ada Quill", "before the verb"), ("Ada Quill", "latest actor"), ("Rufus Firefly", "before the verb")]
    assert got[2:4] == [("Chinese embassy in Gull Town", "description"),
                        ("Chinese embassy in Gull Town", "author of the document")]
