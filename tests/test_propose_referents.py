"""Who a pronoun, a description or a document before a verb of saying points back to, and
speakers named after long titles or between commas (every sentence here is our own)."""
from __future__ import annotations

from test_propose_speakers import claims


def said(text: str) -> list[tuple[str, str]]:
    return [(c["claimer_label"], c["speaker_by"]) for c in claims(text)]


def test_it_after_a_quote_is_the_subject_of_the_sentence_before_not_an_older_speaker():
    got = said("Nvidia said it would comply with the rules. The Commerce Department on Friday added 12 firms "
               "to its list. “These firms supported the military,” it said.")
    assert got == [("Nvidia", "before the verb"), ("Commerce Department", "latest subject")]


def test_it_skips_an_actor_named_only_inside_the_sentence_before():
    got = said("Brantley Semiconductor Corp. launched a new chip in May. It is made by SMIC on a 7-nanometre "
               "process. “We are proud of our engineers,” it said.")
    assert got == [("Brantley Semiconductor Corp", "latest subject")]


def test_court_papers_and_filings_speak_for_themselves():
    got = said("Prosecutors charged Arlo Venn with shipping processors. Court papers said Venn used a shell "
               "company in Dubai. The lawsuit, filed in federal court in Oregon, alleges that he lied.")
    assert got == [("Court papers", "description"), ("The lawsuit", "description")]


def test_a_report_published_by_an_actor_is_that_actors():
    got = said("The report, published by the Center for Security Studies, argues that the controls work.")
    assert got == [("Center for Security Studies", "author of the document")]


def test_a_short_name_repeating_the_last_word_of_a_speakers_name():
    got = said("A spokesperson for the European Commission said the rules would apply from August. "
               "The Commission also said fines could reach 7% of turnover.")
    assert [g[0] for g in got] == ["European Commission", "European Commission"]


def test_an_appositive_between_commas_leaves_the_subject_its_verb():
    got = said("Tarn Capital, a fund based in Zurich, said it had sold its stake. "
               "Kim Seo-yeon, the trade minister, said Seoul would not join the controls.")
    assert got == [("Tarn Capital", "before the verb"), ("Kim Seo-yeon", "before the verb")]


def test_a_person_named_between_commas_after_a_role_is_the_speaker():
    got = said("The institute’s director, Omar Haddad, told Reuters the figures were conservative.")
    assert got == [("Omar Haddad", "before the verb")]


def test_a_speaker_after_a_title_with_of_or_for_or_an_initial():
    got = said("“We will not tolerate evasion,” said U.S. Attorney for the District of Oregon Paul Crane. "
               "“This is a serious breach,” said Deputy Assistant Secretary Ellen B. Varga of the Office of "
               "Export Enforcement.")
    assert [g[0] for g in got] == ["Paul Crane", "Ellen B. Varga"]


def test_guillemets_are_quotation_marks():
    got = said("Santa Clara-based Veltrix Systems said Thursday it had received a subpoena. «The company is "
               "cooperating with the government», it said in a statement.")
    assert got == [("Veltrix Systems", "before the verb"), ("Veltrix Systems", "latest speaker")]


def test_a_description_speaker_is_what_it_later_stands_for():
    got = said("The watchdog said it had opened an inquiry. “Consumers deserve answers,” it added.")
    assert got == [("The watchdog", "description"), ("The watchdog", "latest speaker")]


def test_a_statement_a_speaker_said_things_in_speaks_for_that_speaker_later():
    got = said("Brantley Corp said in a statement that it would comply. "
               "“We follow the law in every market,” the statement said. "
               "According to Brantley Corp’s annual filing, sales fell by half.")
    assert got == [("Brantley Corp", "before the verb"), ("Brantley Corp", "author of the document"),
                   ("Brantley Corp", "according to")]


def test_an_actor_the_said_words_start_with_is_not_the_speaker_after_the_verb():
    got = said("Vance Dorsey, a professor at Kestrel University, said Brantley Corp could be affected. "
               "“We will appeal,” Lena Ortiz told the Sylvania Gazette.")
    assert [g[0] for g in got] == ["Vance Dorsey", "Lena Ortiz"]


def test_a_statement_heard_through_according_to_speaks_later_and_beside_its_relay():
    got = said("Sales rose, according to a Sylvania ministry statement on Saturday. "
               "“Orders doubled,” the statement added, per the Kestrel Gazette.")
    assert got[0] == ("Sylvania ministry statement", "according to")
    assert ("Sylvania ministry statement", "author of the document") in got[1:]


def test_a_second_speaker_after_as():
    got = said("The filings show that the plant cannot run a million chips, as Elon Musk has said the firm plans to do.")
    assert [g[0] for g in got] == ["The filings", "Elon Musk"]


def test_a_dateline_and_a_country_before_a_body_are_not_the_subject():
    got = said("WASHINGTON, June 3 (Reuters) - The U.S. Commerce Department on Tuesday added 12 firms to its "
               "list, saying they had helped the military. The two set up a company called Jiangsu Hantang to buy "
               "the machines.")
    assert len(got) == 1 and got[0][0].endswith("Commerce Department") and got[0][1] == "before the verb"


def test_said_holds_what_is_said_without_the_attribution():
    text = ("“These firms pose a threat,” Commerce Secretary Ada Quill said in a statement. "
            "The company has paused shipments, the people said on Monday. "
            "Rufus Firefly told Reuters that the figures were conservative. "
            "According to court documents, the boxes were labelled as toys.")
    got = [text[slice(*c["said"])] for c in claims(text)]
    assert got == ["These firms pose a threat", "The company has paused shipments", "the figures were conservative",
                   "the boxes were labelled as toys"]


def test_a_name_after_an_office_in_a_role_and_a_group_role_is_no_person():
    got = said("Senator Rhea Lamont said the bill was needed. The bipartisan coalition emphasized the risks. "
               "Under Secretary of Commerce Jeffrey Kessler said the rule would stand.")
    assert [g[0] for g in got] == ["Rhea Lamont", "bipartisan coalition", "Jeffrey Kessler"]


def test_a_participle_after_a_thing_said_a_relaying_outlet_and_a_person_by_what_they_are():
    got = said("Chairman Ada Quill opened the session saying ferries need new permits. "
               "Gull Shipping chief Rufus Firefly says quotas hurt harbours, the Sylvania Gazette reported. "
               "Harbour analysts warned that fares would rise. Firefly spoke at a ferry fair in Osaka. "
               "The shipping tycoon said his boats would wait.")
    assert [(" ".join(label.split()[-2:]), how) for label, how in got] == [
        ("Ada Quill", "before the verb"), ("Rufus Firefly", "before the verb"),
        ("Harbour analysts", "unnamed source"), ("Rufus Firefly", "latest actor")]


def test_a_name_joined_to_a_role_a_possessive_office_and_the_one_named_before_who():
    got = said("Rufus Firefly and harbour officials have touted the ferry quotas. "
               "China tightened ferry permits on Friday. Its trade minister said the rules protect ports. "
               "The quotas were praised by Ada Quill, who said the permits were fair.")
    assert got == [("Rufus Firefly", "before the verb"), ("harbour officials", "unnamed source"),
                   ("China", "role of a named actor"), ("Ada Quill", "before the verb")]


def test_said_he_after_a_womans_name_is_someone_else():
    got = said("Rufus Firefly met Ada Quill in May. Ada Quill said he had agreed to comply. "
               "She said the chips were legal.")
    assert got == [("Ada Quill", "before the verb"), ("Ada Quill", "latest speaker")]


def test_one_cited_as_saying_an_office_in_full_and_a_titled_name_before_who():
    got = said("The Sylvania Gazette cited a harbour official as saying that ferries would stop. "
               "In a release, the Acting U.S. Attorney for the Northern District of Ports stated that crews lied. "
               "The quotas exceed plans set out by Port Director Ada Quill last week, who mentioned a goal of ten "
               "ferries. Sylvania has not yet decided on quotas, its harbour minister said. "
               "“We will wait,” Harbour Minister Rufus Firefly said on Friday.")
    assert got == [("harbour official", "unnamed source"),
                   ("Acting U.S. Attorney for the Northern District of Ports", "description"),
                   ("Ada Quill", "before the verb"), ("Rufus Firefly", "role of a named actor"),
                   ("Rufus Firefly", "before the verb")]


def test_no_claim_in_a_clause_of_whether_or_if_nor_from_saying_nothing():
    got = said("It is unclear whether Gull Shipping warned its customers. If Ada Quill warned the crews, fares "
               "would rise. Rufus Firefly said nothing about ferries. If quotas pass, fares will rise, Ada Quill said.")
    assert got == [("Ada Quill", "before the verb")]


def test_a_title_between_blank_lines_a_report_named_again_and_according_to_a_plan():
    got = said("Gazette • 2 min read\n\nChina curbs ferry permits, Sylvania Gazette reports\n\n"
               "The Sylvania Gazette reported on Friday that China curbed ferry permits. Ferries will stop in May, "
               "according to the report. The yard built the boats according to their specifications.")
    assert got == [("Sylvania Gazette", "before the verb"), ("Sylvania Gazette", "according to")]


def test_the_head_of_a_firm_is_the_person_titled_with_it_and_a_dashed_aside_is_skipped():
    got = said("Vexor Shipping CEO Ada Quill spoke at a ferry fair. The head of Vexor Shipping — a firm that builds "
               "ferries — said it has lost orders.")
    assert got == [("Ada Quill", "role of a named actor")]


def test_posted_on_a_site_that_is_a_saying():
    got = said("Ada Quill posted on social media that fares would fall. Rufus Firefly posted on his website a list "
               "of ferries.")
    assert got == [("Ada Quill", "before the verb")]


def test_an_outlet_closing_after_according_to_a_dashed_relative_and_more_participles():
    got = said("China opened a ferry fund, according to a registration in the state registry, Sylvania Gazette reports. "
               "Grants follow before President-elect Ada Quill – who has criticized the quotas in recent weeks – "
               "takes office. Rufus Firefly took the opposite tack, defending the quotas.")
    assert got == [("Sylvania Gazette", "before the verb"), ("Ada Quill", "before the verb"),
                   ("Rufus Firefly", "before the verb")]
