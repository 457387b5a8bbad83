"""Events proposed from dated happenings, their dates read against the publication date, and
an accepted event and figure written to the data file (every sentence here is our own)."""
from __future__ import annotations

import json
from datetime import date

from rdflib import Dataset, URIRef

from kg.core.namespaces import PK, SCHEMA
from kg.curation.propose.event_dates import relative
from kg.curation.propose.proposals import Context
from kg.curation.propose.proposer import propose
from test_ingest import ingest, run, scratch, validate_ok  # noqa: F401  (scratch is a fixture)
from test_propose_names import lexicon

PUBLISHED = date(2031, 3, 14)       # a Friday


def events(text: str) -> list[dict]:
    return [dict(p.fields, text=p.text) for p in propose(text, Context(lexicon(), PUBLISHED)) if p.kind == "event"]


def test_dates_relative_to_publication():
    got = events("Prosecutors unsealed an indictment on Thursday. Two couriers were arrested yesterday. "
                 "The levy is set to come into effect on May 15. The ferry line was launched in January this year. "
                 "The ministry is investigating the ferries.")
    by_type = {e["type"]: e for e in got}
    assert by_type["Charge"]["date"] == "2031-03-13" and by_type["Charge"]["datatype"] == "date"
    assert by_type["Arrest"]["date"] == "2031-03-13"
    assert by_type["EntryIntoForce"]["date"] == "2031-05-15"          # the future: the next May 15
    assert by_type["Release"]["date"] == "2031-01"                     # the finer of "January" and "this year"
    inv = by_type["Investigation"]
    assert inv["date"] == "2031-03" and inv["approximate"] and "no date" in inv["note"]


def test_a_delayed_release_is_one_delay_and_headlines_give_no_events():
    got = events("Ferry Launch Postponed Again\nThe planned release in May was delayed, Rufus Firefly said.")
    assert [e["type"] for e in got] == ["Delay"]
    assert got[0]["date"] == "2030-05" and got[0]["participants"] == ["https://w3id.org/policy-kg/id/rufus"]


def accept_and_read(runner, scratch, out: dict, *pids: str):
    """Accept ``pids`` in turn, check the data folder still validates, and return the document's graph."""
    for pid in pids:
        r = run(runner, ["review", out["id"], "--accept", pid, "--json", *scratch["opts"]])
        assert r.exit_code == 0, r.output
    validate_ok(runner, scratch)
    ds = Dataset()
    ds.parse(scratch["data"] / f"{out['id']}.trig", format="trig")
    return ds.graph(URIRef(out["iri"]))


def test_an_accepted_event_and_figure_are_linked_not_isolated(runner, scratch):  # noqa: F811
    src = scratch["tmp"] / "notes.txt"
    src.write_text("Customs officers said Nvidia shipped 40 servers to a depot. "
                   "Nvidia was charged on Thursday over the shipments.\n", encoding="utf-8")
    out = ingest(runner, scratch, src, "--published", "2026-03-20")
    view = json.loads(run(runner, ["review", out["id"], "--json", *scratch["opts"]]).stdout)
    event = next(p for p in view["proposals"] if p["kind"] == "event")
    figure = next(p for p in view["proposals"] if p["kind"] == "figure")
    assert event["date"] == "2026-03-19" and figure["measures"] == "servers" and figure["subject"].endswith("/nvidia")
    g = accept_and_read(runner, scratch, out, event["id"], figure["id"])
    ev = next(g.subjects(PK.eventType, None))
    assert str(g.value(ev, PK.date)) == "2026-03-19" and str(g.value(ev, PK.eventType)) == "Charge"
    assert str(g.value(ev, PK.participant)).endswith("/nvidia")
    fig = next(g.subjects(PK.quantity, None))
    assert str(g.value(fig, PK.quantity)) == "servers" and str(g.value(fig, SCHEMA.about)).endswith("/nvidia")


def test_a_participle_describing_a_noun_is_no_event_unless_dated():
    assert events("Ferries must respect quotas imposed by other harbours.") == []
    got = events("The levy, introduced by the council in January 2031, stays.")
    assert [(e["type"], e["date"]) for e in got] == [("PolicyChange", "2031-01")]


def test_a_happening_told_again_is_one_event():
    got = events("Prosecutors charged two brokers on Tuesday. The brokers were charged with moving racks "
                 "to a port. Weeks later a court charged a third man.")
    charges = [e for e in got if e["type"] == "Charge"]
    assert len(charges) == 1 and charges[0]["date"] == "2031-03-11"       # Tuesday before the Friday
    assert len(charges[0]["occurrences"]) == 3         # the dated telling first, the two undated ones after


def test_a_month_in_a_sentence_about_the_future_is_the_next_one():
    got = events("The ferry levy will take effect in January. Harbour rules came into effect in February. "
                 "Dredging duties kick in in August, 2032.")
    assert [(e["type"], e["date"]) for e in got] == [
        ("EntryIntoForce", "2032-01"), ("EntryIntoForce", "2031-02"), ("EntryIntoForce", "2032-08")]


def test_press_conferences_talks_and_bodies_set_up_are_events():
    got = events("The harbour board has been set up to watch the ferries. Its chair spoke at a press conference "
                 "on Thursday. Ferry talks in Lisbon ended.")
    assert [(e["type"], e["date"]) for e in got] == [
        ("Establishment", "2031-03"), ("Statement", "2031-03-13"), ("Meeting", "2031-03")]


def test_court_steps_are_events_and_a_sentencing_ahead_is_dated_forward():
    got = events("Rufus Firefly pleaded guilty on Tuesday to moving racks. He faces two years in prison at sentencing "
                 "on May 2. His courier was released on bail last month, while a broker has a detention hearing "
                 "scheduled for March 20.")
    by_type = {e["type"]: e for e in got}
    assert by_type["Plea"]["date"] == "2031-03-11"
    assert by_type["Sentencing"]["date"] == "2031-05-02"              # "faces ... at sentencing": ahead
    assert by_type["Bail"]["date"] == "2031-02"                        # "last month" from a March publication
    assert by_type["Hearing"]["date"] == "2031-03-20"                  # the noun dated by its own clause


def test_a_last_paragraph_cut_short_is_no_headline():
    got = events("Rufus Firefly was charged in a harbour fraud case.\nThe Couriers Appeared In District Court "
                 "In Lisbon On Monday. Their Arraignment Is Scheduled")
    assert ("Hearing", "2031-03-10") in [(e["type"], e["date"]) for e in got]


def test_the_object_noun_of_a_verb_that_only_says_it_happened_gives_the_type():
    got = events("The port authority opened an investigation into the ferries. The ferry firm issued a statement "
                 "denying it. The regulator added two brokers to its export blacklist.")
    assert [e["type"] for e in got] == ["Investigation", "Statement", "Listing"]


def test_descriptions_undated_nouns_and_doubtful_verbs_are_no_events():
    assert events("The racks went into banned markets. The probe, named Harbour Light, looked at ferries. "
                  "The brokers could be charged. Newly unsealed filings show the routes.") == []


def test_market_verbs_need_a_market_subject():
    assert dated("Ferry shares jumped 8% on Thursday. Traffic jumped on Thursday.") == [("MarketMove", "2031-03-13")]


def dated(text: str) -> list[tuple]:
    return [(e["type"], e["date"]) for e in events(text)]


def test_two_men_sentenced_on_one_day_are_two_events_and_a_day_after_an_abbreviated_month_is_kept():
    assert dated("Rufus Firefly was sentenced Monday to four months. In a separate case, Chicolini Ravelli was "
                 "sentenced Monday to two months. Firefly was arrested on Jan. 10.") == [
        ("Sentencing", "2031-03-10"), ("Sentencing", "2031-03-10"), ("Arrest", "2031-01-10")]


def test_a_passive_listing_and_a_government_intervention_are_events():
    assert dated("The broker was added to the Entity List in August 2029. On 2 March 2031, the harbour "
                 "council formally intervened in the ferry company.") == [("Listing", "2029-08"), ("Intervention", "2031-03-02")]


def test_a_day_before_its_month_reads_as_a_day():
    assert dated("The council approved the ferry levy on 9 March. It will take effect on 1 June.") == [
        ("Approval", "2031-03-09"), ("EntryIntoForce", "2031-06-01")]


def test_a_statement_needs_its_own_date_and_a_disclosure_on_a_past_day_is_not_moved_ahead():
    got = events("Freedonia said on Tuesday that its ferries will need a permit. Rufus Firefly said the ferries were late. "
                 "The ministry disclosed in a filing on Wednesday that the permits will require an audit.")
    said = [e for e in got if e["type"] == "Statement"]
    assert [e["date"] for e in said] == ["2031-03-11", "2031-03-12"]     # past days, not the next ones
    assert not any("were late" in e["label"] for e in got)                 # "X said that ..." is a claim


def test_dates_pointing_back_an_opening_date_and_a_timeline_line():
    got = events("On April 2, the ministry told the ferry line it would need a permit. "
                 "The port restricted ferry traffic in 2029 and updated the rules the following year.\n"
                 "- June 3, 2030: Deadline for ferry operators to register.\n"
                 "The ferry levy was proposed in May 2028 and published in the Gazette (FG) on July 1, 2028.")
    told = next(e for e in got if e["text"].startswith("On April 2"))
    assert told["type"] == "Statement" and told["date"] == "2030-04-02"    # the latest April 2 before publication
    assert {(e["type"], e["date"]) for e in got} >= {("PolicyChange", "2029"), ("PolicyChange", "2030"),
                                                      ("Milestone", "2030-06-03"), ("Introduction", "2028-05"),
                                                      ("Publication", "2028-07-01")}


def test_states_and_habits_are_no_events():
    got = events("The ferries have been restricted for some time. Inspectors opened an investigation every week in 2029. "
                 "Ferries that are restricted stay in port.")
    assert got == []


def test_letters_press_releases_registrations_and_planned_milestones():
    got = events("A letter sent by the port authority to lawmakers on Wednesday asked for more time. "
                 "The fund was officially registered on March 2. "
                 "The terminal is expected to be connected to the grid in early 2032.")
    assert {(e["type"], e["date"]) for e in got} >= {("Statement", "2031-03-12"), ("Establishment", "2031-03-02"),
                                                      ("Milestone", "2032")}
    assert not [e for e in events("The terminal is expected to be connected to the grid.") if e["type"] == "Milestone"]


def test_a_pronoun_subject_takes_the_last_actor_named():
    got = events("Rufus Firefly met the port board on Monday. He said on Tuesday that the ferries would stop.")
    said = next(e for e in got if e["type"] == "Statement")
    assert said["participants"] == ["https://w3id.org/policy-kg/id/rufus"] and said["date"] == "2031-03-11"


def test_yesterday_ago_weekends_next_weekdays_and_days_pointing_back():
    assert dated("Yesterday, couriers were arrested in Lisbon. The ferry line was launched two years ago. "
                 "The port was raided three months ago. The board will meet next Friday. "
                 "The ministry banned the cargo on Monday. A day earlier, it suspended the licences.") == [
        ("Arrest", "2031-03-13"), ("Release", "2029"), ("Investigation", "2030-12"), ("Meeting", "2031-03-21"),
        ("PolicyChange", "2031-03-10"), ("Suspension", "2031-03-09")]
    assert dated("Inspectors audited the depot over the weekend.") == [("Investigation", "2031-03")]


def test_arrivals_demands_pledges_and_talks_held_after_another_happening():
    assert dated("Ferry officials arrived in Lisbon late last week and held discussions with the port owners. "
                 "On Tuesday the harbour board demanded new locks. The town's pledge earlier this month covers "
                 "two cranes. The judge acquitted the courier.") == [
        ("Trip", "2031-03"), ("Meeting", "2031-03"), ("Request", "2031-03-11"), ("Agreement", "2031-03"),
        ("Acquittal", "2031-03")]


def test_a_noun_and_the_participle_after_it_plurals_and_nouns_told_again():
    assert dated("The port cited a statement issued yesterday. The firms made deals with the port.") == [
        ("Statement", "2031-03-13"), ("Agreement", "2031-03")]
    assert dated("Rufus Firefly arrived in Lisbon on Monday, the first such visit since 2020.") == [("Trip", "2031-03-10")]
    assert dated("The ferries have been under criminal investigation.") == [("Investigation", "2031-03")]


def test_plural_nouns_and_participles_describing_an_object_are_no_events():
    assert dated("Among the issues discussed was the levy. Pilots pressed for lowering the fee imposed on the ferries. "
                 "Newly unsealed court filings show the courier paid the fee.") == []
    assert dated("The depot opened shortly after the port imposed the levy.") == [("PolicyChange", "2031-03")]


def test_sayings_confirmations_and_warnings_need_their_own_date_and_plans_take_their_noun():
    assert dated("The harbour board confirmed the levy late Friday. The mayor warned on Tuesday that fees would rise. "
                 "The port confirmed that it had enough cranes. In a statement, the ministry defended the fee.") == [
        ("Statement", "2031-03-14"), ("Statement", "2031-03-11")]
    assert dated("The ferry line raised $40 million in funding last year and decided to buy two boats. "
                 "The second terminal is scheduled for late 2032.") == [
        ("Funding", "2030"), ("Decision", "2030"), ("Milestone", "2032")]


def test_a_bracketed_abbreviated_month_ends_no_sentence_and_an_opening_but_keeps_the_date():
    assert dated("The board met the port owners on Friday (Mar. 14). The previous day, Thursday (Mar. 13), the "
                 "mayor responded to the complaints. But last October, the ferry line notified its owners.") == [
        ("Meeting", "2031-03-14"), ("Statement", "2031-03-13"), ("Statement", "2030-10")]


def test_fines_vetoes_hires_calls_openings_and_bankruptcies_are_events():
    assert dated("The port authority was fined $2 million this morning. The governor vetoed the levy bill. "
                 "The ferry line hired a new chief in January. The two mayors spoke by phone on Tuesday. "
                 "The ferry line opened a new repair plant in Lisbon. Its rival filed for bankruptcy last month.") == [
        ("Penalty", "2031-03-14"), ("Vote", "2031-03"), ("Appointment", "2031-01"), ("Meeting", "2031-03-11"),
        ("Establishment", "2031-03"), ("Closure", "2031-02")]
    assert dated("The senators came together tonight to say that the levy must go.") == []


def months(text: str) -> dict[str, str]:
    """The date proposals of ``text``: spanned text -> value."""
    return {p.text: p.fields["value"] for p in propose(text, Context(lexicon(), PUBLISHED)) if p.kind == "date"}


def test_a_month_without_year_in_a_past_clause_is_the_latest_one():
    text = "In January, the mayor, who wants more ferries, announced plans to extend the levy."
    assert dated(text) == [("PolicyChange", "2031-01")]
    assert months(text) == {"In January": "2031-01"}     # the date proposal reads it so too, not only the event
    assert months("The levy will take effect in August.") == {"in August": "2031-08"}


def test_dated_reactions_are_statements_and_undated_ones_only_claims():
    assert dated("The harbour board on Monday condemned the levy. The ferry line denied the claims.") == [
        ("Statement", "2031-03-10")]


def test_a_day_of_the_month_alone_is_the_latest_such_day():
    got = events("The harbour board reported on the ninth (local time) that the council passed the ferry bill. "
                 "Prior to this, on the 2nd, the islands gave final approval to the levy agreed in December.")
    by_type = {e["type"]: e for e in got}
    assert by_type["Publication"]["date"] == "2031-03-09"
    assert by_type["Approval"]["date"] == "2031-03-02"          # the opening date, not the levy's December
    assert by_type["Agreement"]["date"] == "2030-12"             # "agreed in December": its own close date
    assert not relative("The captain waited on the second floor.", 0, PUBLISHED)     # an ordinal before a noun


def test_an_appeals_court_reversing_a_decision_is_a_ruling_and_the_next_year_follows_the_last_year():
    got = events("In 2019 the ferry line hired Rufus Firefly. The next year, the board asked him to submit a plan. "
                 "The appeals court reversed a district court's decision acquitting the captain.")
    by_type = {e["type"]: e for e in got}
    assert "Ruling" in by_type
    assert by_type["Request"]["date"] == "2020"                  # not the year after publication


def test_a_negated_plan_is_no_event_and_a_treaty_concluded_in_a_month_is_one():
    assert not events("The cargo was not subject to the levy nor was to be shipped abroad.")
    got = events("The ferry treaty concluded in January replaces the old one.")
    assert [(e["type"], e["date"]) for e in got] == [("Agreement", "2031-01")]


def test_a_named_actors_will_and_a_verb_of_beginning_report_happenings_an_acquittal_beside_a_conviction():
    got = events("The Ferry Board will revoke the harbour licence. Analysts think prices will rise. "
                 "The board began restricting night crossings in 2029.")
    assert [e["type"] for e in got if e["text"].startswith("revoke")] == ["Rescission"]
    assert not [e for e in got if "rise" in e["text"]]                  # no actor's will, no market noun
    assert [e["date"] for e in got if e["text"].startswith("restricting")] == ["2029"]
    got = events("On March 3 the jury convicted the captain of smuggling and acquitted him of fraud.")
    assert sorted(e["type"] for e in got) == ["Acquittal", "Conviction"]


def test_a_purpose_after_a_told_happening_and_a_market_share_are_no_events():
    got = events("The Ferry Board on Monday signed a lease with the port to expand the terminal.")
    assert [e["type"] for e in got] == ["Agreement"]
    assert not events("Its market share dropped to 5% last year.")


def test_a_happening_noun_as_subject_of_a_past_verb_after_its_and_a_courts_order():
    got = events("The weeklong trip included talks with port officials. Fares rose following his arrest. "
                 "The court ordered the ferry line to pay. The ban applies to night crossings.")
    assert [e["type"] for e in got] == ["Trip", "Arrest", "Ruling"]     # a present 'applies' reports nothing


def test_an_undated_acquittal_after_a_dated_conviction_takes_its_date():
    got = events("On February 8, 2030 the judge convicted the captain of smuggling. "
                 "The judge acquitted him, however, of fraud. The harbour board was fined.")
    by_type = {e["type"]: e for e in got}
    assert by_type["Acquittal"]["date"] == by_type["Conviction"]["date"] == "2030-02-08"
    assert "no date" in by_type["Penalty"]["note"]                      # only a verdict's parts


def test_office_sanctions_investments_and_testimony_need_a_date_of_their_own():
    got = events("Rufus Firefly took office on March 3. The Treasury sanctioned the ferry line on Tuesday. "
                 "Since he took office, the port has invested heavily and its chief testified often.")
    assert sorted(e["type"] for e in got) == ["Appointment", "Listing"]
    assert {e["date"] for e in got} == {"2031-03-03", "2031-03-11"}


def test_a_named_actors_will_inside_a_quotation_is_a_promise_not_an_event():
    assert not events('"The Ferry Board will revoke every licence," the mayor said.')


def test_a_month_after_a_present_tense_that_schedules_is_the_next_one():
    got = events("Rufus Firefly takes office in January. The ferry line was launched in January.")
    assert sorted((e["type"], e["date"]) for e in got) == [("Appointment", "2032-01"), ("Release", "2031-01")]
    assert months("Rufus Firefly takes office in January.") == {"in January": "2032-01"}


def test_a_participle_of_speaking_opening_a_sentence_with_its_date_is_a_statement():
    got = events("Speaking at the harbour fair in Lisbon on Wednesday, Rufus Firefly said fares would fall.")
    assert [(e["type"], e["date"]) for e in got] == [("Statement", "2031-03-12")]
    assert not events("Speaking of fares, Rufus Firefly said they would fall.")


def test_a_date_in_brackets_dates_the_saying_before_it():
    got = events("The harbour council said (on March 3) that fares would rise. Rufus Firefly (on Tuesday) announced a levy.")
    assert sorted((e["type"], e["date"]) for e in got) == [("PolicyChange", "2031-03-11"), ("Statement", "2031-03-03")]


def test_an_undated_act_still_to_come_gets_no_past_month():
    got = events("The Ferry Board will revoke the harbour licence. The Ferry Board revoked the dock permit.")
    ahead, done = sorted(got, key=lambda e: "dock" in e["label"])
    assert ahead["type"] == done["type"] == "Rescission"
    assert ahead.get("date") is None and "still to come" in ahead["note"]
    assert done["date"] == "2031-03" and done["approximate"]     # a past act: the month of publication stands in
