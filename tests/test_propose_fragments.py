"""Entity candidates that are no entities a reviewer adds, found on unseen articles (each text here
is our own, with invented names): page furniture (shouted lines, an advert marker, a title-case
headline ending in a quote, wire credits, a byline), pieces of a name a known name splits,
documents named by their genre, and second spellings (a defined term in quotes, initials, a
surname of a name whose kind was not told)."""
from __future__ import annotations

from test_propose_names import entities, run


def test_furniture_lines_and_credits_name_nothing():
    got = entities("Quorvane: “We Will Never Let Harbour Chips Leave Our Shores Again.”\n\nWHAT'S THE STORY?\n\n"
                   "The Ostravan Herald reported that Quorvane sold racks to the Tallow Group.\n\nAD\n\n"
                   "(Reporting by Mira Kessle in Lisbon and Jon Arvid; Editing by Pell Danner)")
    assert "Ostravan Herald" in got and "Tallow Group" in got and "Quorvane" in got
    for junk in ("Will Never Let", "Harbour Chips", "WHAT", "AD", "Mira Kessle", "Lisbon", "Jon Arvid", "Pell Danner"):
        assert junk not in got, junk


def test_a_byline_names_nobody():
    got = entities("By Mira Kessle, senior editor\n\nThe Quorvane board met on Monday.")
    assert "Mira Kessle" not in got and "Quorvane" in got


def test_a_word_before_a_known_name_inside_a_longer_one():
    props = run("The Fourth China Circuit Court of Appeals upheld the fine. The Acting China Envoy for the Northern "
                "Region of Bramble left.")
    labels = {p.fields["label"] for p in props if p.kind == "entity"}
    assert "Fourth China Circuit Court of Appeals" in labels
    assert "Fourth" not in labels and "Circuit Court of Appeals" not in labels and "Acting" not in labels
    assert any(p.kind == "mention" and p.fields["label"] == "China" for p in props)


def test_documents_named_by_genre_are_no_entities():
    got = entities("In a 40-page Memorandum Opinion and Order, Judge Tallow Brisk denied the motion. The Order "
                   "took effect at once.")
    assert "Memorandum Opinion" not in got and "Order" not in got and "Tallow Brisk" in got


def test_second_spellings_fold_into_the_name():
    props = run("Quorvane Harbour Systems Co. Limited (“QHS-Z”) bought parts from Kiet Dorrow. Later the "
                "Ostravan Times said QHS-Z paid Dorrow’s firm, the OT added.")
    ents = {p.fields["label"]: p for p in props if p.kind == "entity"}
    for short in ("QHS-Z", "Dorrow", "OT"):
        assert short not in ents, short
    assert len(ents["Quorvane Harbour Systems Co. Limited"].fields["occurrences"]) == 3     # the term defined, then used
    assert len(ents["Kiet Dorrow"].fields["occurrences"]) == 2
    assert len(ents["Ostravan Times"].fields["occurrences"]) == 2


def test_a_place_is_no_short_form_of_a_name_ending_in_it():
    got = entities("The Invest Lisbon agency opened an office, and officials in Lisbon welcomed it.")
    assert "Invest Lisbon" in got and "Lisbon" in got


def test_a_place_in_an_adjective_and_an_office_s_district_name_nobody():
    got = entities("Shares of the Quorvane Widgets maker, a Dunmore, Oregon-based firm, rose. The Oregon based "
                   "maker Tallow Widgets grew. “It ends,” said Attorney for the Northern District of Oregon Mira "
                   "Kessle on Monday.")
    assert "Dunmore" not in got and "Oregon" not in got and "Tallow Widgets" in got
    assert "Northern District of Oregon Mira Kessle" not in got and got.get("Mira Kessle") == "Person"


def test_a_country_before_a_name_is_part_of_it_and_datelines_and_currencies_are_none():
    props = run("DUNMORE — Officials met at the China Harbour Attorney's Office, and a deal worth NT$30 million "
                "was signed. It went to China. Harbour Widgets Group said so.")
    labels = {p.fields["label"] for p in props if p.kind == "entity"}
    assert "China Harbour Attorney's Office" in labels and "Harbour Attorney's Office" not in labels
    assert "Harbour Widgets Group" in labels        # a sentence ends after the country
    assert "DUNMORE" not in labels and "NT" not in labels


def test_a_promotion_line_names_nothing():
    got = entities("Get Full Harbour Meeting Transcripts, Videos, & Alerts Forever!\n\nThe Tallow Group met.")
    assert set(got) == {"Tallow Group"}


def test_the_head_word_alone_is_the_one_name_ending_in_it():
    props = run("The order under the Act binds firms. It rests on the Dunmore Goods Availability Act, and this Act "
                "is old. The Financial Harbour Times of the China wrote so.")
    ents = {p.fields["label"]: p for p in props if p.kind == "entity"}
    assert "Act" not in ents and len(ents["Dunmore Goods Availability Act"].fields["occurrences"]) == 3
    assert "Financial Harbour Times" in ents        # a country after "of the" qualifies the name


def test_initials_with_an_unwritten_company_fold_into_the_name():
    props = run("Dunmore Harbour Widgets said it would pay. Analysts expect DHWC to pay in May.")
    ents = {p.fields["label"]: p for p in props if p.kind == "entity"}
    assert "DHWC" not in ents and len(ents["Dunmore Harbour Widgets"].fields["occurrences"]) == 2


def test_abbreviated_headlines_legal_forms_after_a_comma_and_identifiers():
    got = entities("9th Circuit Reverses Ore. Court's Acquittal of Dunmore Businessman's Export Violation Charge\n\n"
                   "The maker Tallow, Inc. sold parts. The page id LByac467cN follows.")
    assert "Tallow, Inc." in got and "Tallow" not in got
    for junk in ("Circuit Reverses Ore", "Acquittal", "Export Violation Charge", "LByac467cN"):
        assert junk not in got, junk


def test_a_court_named_with_its_ordinal_circuit_is_one_name():
    got = entities("The Dunmore Court of Appeals for the 4th Circuit upheld the fine on Monday.")
    assert "Dunmore Court of Appeals for the 4th Circuit" in got and "Circuit" not in got


def test_a_body_s_acronym_in_either_order_folds_into_it():
    for name in ("Harbour Department", "Department of Harbour"):
        props = run(f"The {name} charged two men on Monday. The DOH said more would follow.")
        ents = {p.fields["label"]: p for p in props if p.kind == "entity"}
        assert "DOH" not in ents and len(ents[name].fields["occurrences"]) == 2, name


def test_an_author_s_note_at_the_foot_names_nobody():
    body = "Quorvane Holdings sold racks to the Tallow Group on Monday, its chief said.\n\n"
    for note in ("Mira Kessle is a senior correspondent for the Ostravan Herald based in Lisbon.",
                 "About the author: Mira Kessle writes about chips from Lisbon."):
        got = entities(body + note)
        assert "Quorvane Holdings" in got and "Tallow Group" in got, note
        assert "Mira Kessle" not in got and "Lisbon" not in got, note
    # a person a story is about, described by their trade in the middle of a paragraph, stays
    got = entities("Quorvane Holdings sold racks on Monday. Its rival hired Mira Kessle, who is a reporter.")
    assert got.get("Mira Kessle") == "Person"


def test_ports_stations_and_parks_are_places_not_firms_or_people():
    got = entities("Trucks left Brimsby Port for the Grayford Station, and the Pellmoor Industrial Park "
                   "stood empty on Monday.")
    assert got.get("Brimsby Port") == "Place" and got.get("Grayford Station") == "Place"
    assert got.get("Pellmoor Industrial Park") == "Place"
    assert entities("Quorvane Technologies said it would grow.").get("Quorvane Technologies") == "Company"



def test_a_dateline_with_its_country_date_or_agency_names_nothing():
    body = "Quorvane Holdings sold racks to the Tallow Group on Monday, its chief said."
    for line in ("OSTRAVA, Norland — ", "LISBON, March 3 — ", "PELL HARBOUR, Norland, Nov. 9 (Ostravan Wire) - ",
                 "OSTRAVA (Ostravan Wire): "):
        got = entities(line + body)
        assert "Quorvane Holdings" in got and "Tallow Group" in got, line
        for junk in ("OSTRAVA", "Norland", "LISBON", "PELL HARBOUR"):
            assert junk not in got, (line, junk)
        assert "Ostravan Wire" not in line or got.get("Ostravan Wire") == "Publisher", line
    # a name in capitals inside a line, or before a colon with no agency, is no dateline
    got = entities("The regulator in Pellmoor named QUORVANE, March 3 — a date it set — as the buyer.")
    assert "QUORVANE" in got


def test_a_part_of_a_double_surname_is_that_person():
    props = run("Vera Lund-Ostrel, an analyst at Pellwick, said sales fell. Ms. Ostrel added that Lund-Ostrel's "
                "team saw it first.")
    ents = {p.fields["label"]: p for p in props if p.kind == "entity"}
    assert "Ostrel" not in ents and "Lund-Ostrel" not in ents
    assert len(ents["Vera Lund-Ostrel"].fields["occurrences"]) == 3


def test_a_short_form_of_a_long_firm_name_is_that_firm():
    props = run("Quorvane Semiconductor Manufacturing International Corporation filed a plan. Later, Quorvane "
                "International said the plan stood.")
    ents = {p.fields["label"]: p for p in props if p.kind == "entity"}
    assert "Quorvane International" not in ents
    assert len(ents["Quorvane Semiconductor Manufacturing International Corporation"].fields["occurrences"]) == 2
    # two firms sharing a first word, neither inside the other, stay two
    got = entities("Quorvane Harbour Logistics and Quorvane Mining Holdings both grew on Monday.")
    assert "Quorvane Harbour Logistics" in got and "Quorvane Mining Holdings" in got


def test_a_contributor_line_names_nobody_and_a_first_appearance_names_a_publisher():
    body = "Quorvane Holdings sold racks to the Tallow Group on Monday, its chief said.\n\n"
    for note in ("Mira Kessle contributed to this report.", "Mira Kessle and Jon Arvid contributed reporting from Lisbon.",
                 "Mira Kessle, Jon Arvid and Pell Danner contributed to this story."):
        got = entities(body + note)
        assert "Quorvane Holdings" in got, note
        for junk in ("Mira Kessle", "Jon Arvid", "Pell Danner", "Lisbon"):
            assert junk not in got, (note, junk)
    got = entities(body + "This article first appeared on Harbour Brief.")
    assert got.get("Harbour Brief") == "Publisher"


def test_a_line_addressed_to_the_reader_names_nothing():
    body = "Quorvane Holdings sold racks to the Tallow Group on Monday, its chief said.\n\n"
    for line in ("Get the day's top stories in your inbox. Sign up for the Harbour Brief's Morning Digest newsletter.",
                 "Enter a Pellwick Reader story ID in the field below.", "Download the Morning Digest app for alerts.",
                 "Follow Ostravan Herald on Google News"):
        got = entities(body + line + "\n\nTallow Group said more.")
        assert "Quorvane Holdings" in got and "Tallow Group" in got, line
        for junk in ("Morning Digest", "Pellwick Reader", "Ostravan Herald"):
            assert junk not in got or got[junk] == "Publisher", (line, junk)
    # a place named there stays (a local edition's prompt names its city)
    assert "Taipei" in entities(body + "Get top stories from Taipei in your inbox. Sign up for our newsletter.")
    # a story's sentence opening with such a verb stays
    got = entities("Share prices of Quorvane Holdings fell after the story ran. Follow-on orders from Tallow Group "
                   "came here in May.")
    assert "Quorvane Holdings" in got and "Tallow Group" in got


def test_a_name_with_a_lowercase_particle_is_one_person():
    for full, short, text in (
            ("Ilse von der Brakel", "Von der Brakel", "Commissioner Ilse von der Brakel said no. Von der Brakel added more."),
            ("Pieter van den Hoek", "Van den Hoek", "Minister Pieter van den Hoek said the rules stand. Later Van den Hoek "
                                                    "left."),
            ("Ahmad bin Sulaiman", "Sulaiman", "Ahmad bin Sulaiman, the minister, said no. Sulaiman later left."),
            ("Kees de Wit", "De Wit", "Kees de Wit of Pellwick said no. De Wit said more.")):
        ents = {p.fields["label"]: p for p in run(text) if p.kind == "entity"}
        assert ents.get(full) is not None and ents[full].fields["kind_guess"] == "Person", (text, list(ents))
        assert len(ents[full].fields["occurrences"]) == 2, text
        first, last = full.split()[0], full.split()[-1]
        for piece in (first, last, short, short.split()[0]):
            assert piece not in ents, (text, piece)
    # an institution's name with "de" is no person
    got = entities("The Banco de Norland raised rates on Monday.")
    assert "Banco de Norland" in got and got["Banco de Norland"] != "Person"


def test_a_caption_s_credit_names_nobody():
    body = "Quorvane Holdings sold racks to the Tallow Group on Monday, its chief said.\n\n"
    for caption in ("(Ostravan Photo/Jon Arvid)", "The Quorvane plant at dusk. Jon Arvid/Stockvane via Grimly Images"):
        got = entities(body + caption + "\n\nTallow Group agreed.")
        assert "Quorvane Holdings" in got and "Tallow Group" in got, caption
        for junk in ("Jon Arvid", "Jon Arvid/Stockvane", "Stockvane", "Grimly", "Grimly Images"):
            assert junk not in got, (caption, junk)
    # a slash between two names inside a sentence is no credit
    got = entities("The Quorvane/Tallow venture said on Monday that Pellwick Holdings would join it.")
    assert "Pellwick Holdings" in got


def test_a_name_people_work_at_is_no_person():
    got = entities("Analysts at Brandt Keller wrote that demand fell. Brandt Keller expects a rebound.")
    assert got.get("Brandt Keller") == "Company"
    got = entities("Lawyers for Elsa Brandt wrote that she would appeal. Elsa Brandt declined to comment.")
    assert got.get("Elsa Brandt") == "Person"
