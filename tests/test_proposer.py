"""The rule proposer's concept matching and causal links on a small hand-made lexicon (every
sentence here is our own): nodes found by the content words of their names, cue classes and
negators, U.S. joined, corroboration of a known link across two sentences, negated cues."""
from __future__ import annotations

from kg.core.namespaces import PK
from kg.curation.propose.concepts import ConceptFinder, concept_words, cue, lemma
from kg.curation.propose.lexicon import Lexicon, Link, Node, make_name
from kg.curation.propose.proposals import Context
from kg.curation.propose.proposer import RuleProposer, Tuning, propose
from kg.curation.propose.text import tokens

ID = "https://w3id.org/policy-kg/id/"
NODES = {  # local name: (class, prefLabel, aliases)
    "m-limit-sites": ("Measure", "Limit rival use of secure server farms", ()),
    "m-levy": ("Measure", "Tariff on robot imports", ()),
    "p-smuggling": ("Pathway", "Robot smuggling", ()),
    "c-robots": ("Capability", "Robots Freedonia can field", ()),
    "o-output": ("Outcome", "Freedonia's factory output", ()),
    "o-jobs": ("Outcome", "Jobs in Sylvania", ()),
    "s-with": ("Scenario", "2031 with restricted robot access", ()),
    "s-without": ("Scenario", "2031 without restrictions on robot access", ()),
    "freedonia": ("State", "Freedonia", ("Freedonian",)),
    "sylvania": ("State", "United States of Sylvania", ()),
    "gov": ("GovernmentBody", "US customs office", ()),
}
CAUSAL = {"Measure", "Pathway", "Capability", "Outcome"}


def lexicon(links=()) -> Lexicon:
    nodes, names = {}, []
    for local, (cls, label, alts) in NODES.items():
        iri = ID + local
        nodes[iri] = Node(iri, label, [str(PK[cls])])
        for prop, text in [("http://www.w3.org/2004/02/skos/core#prefLabel", label)] + \
                [("http://www.w3.org/2004/02/skos/core#altLabel", a) for a in alts]:
            names.append(make_name(iri, text, prop))
    return Lexicon(nodes, names, [Link(ID + f"link-{i}", ID + c, ID + e, p, 1) for i, (c, e, p) in enumerate(links)])


def found(text: str, causal_only: bool = False) -> set[str]:
    return {iri.rsplit("/", 1)[-1] for iri in ConceptFinder(lexicon(), causal_only=causal_only).find(tokens(text))}


def props(text: str, links=()) -> list:
    return propose(text, Context(lexicon(links)), everything=True)


def test_words_lemmas_and_cues():
    assert lemma("restrictions") == lemma("restricted") == "restrict"
    assert lemma("stronger") == lemma("strengthen") == "strong"
    assert cue("curbs") == "-" and cue("boosting") == "+" and cue("advanced") is None and cue("closely") is None
    keys = [w.key for w in concept_words(tokens("The U.S. and the United States do not restrict it"))]
    assert keys.count("us") == 2 and "~not" in keys and "~neg" in keys


def test_a_node_is_found_by_the_content_words_of_its_name():
    # a cue verb of the same class stands for the label's verb; word order and inflection vary
    assert "m-limit-sites" in found("Officials want to restrict rival use of secure server farms abroad.")
    assert "c-robots" in found("The plan caps how many robots Freedonia could field next year.")
    assert "m-limit-sites" not in found("Rival server farms were mentioned once.")     # too little of the name
    assert "gov" in found("The U.S. customs office seized a crate.")


def test_a_negated_name_needs_a_negator():
    text_with = "By 2031 the allies may have restricted robot access for good."
    text_without = "By 2031 the allies may not have restrictions on robot access at all."
    assert "s-with" in found(text_with) and "s-without" not in found(text_with)
    assert "s-without" in found(text_without)


def test_a_new_link_needs_a_cue_between_two_ends_in_one_sentence():
    out = [p for p in props("Robot smuggling boosts Freedonia's factory output, inspectors say.") if p.kind == "link"]
    assert [(p.fields["cause"], p.fields["effect"], p.fields["polarity"]) for p in out] == \
        [(ID + "p-smuggling", ID + "o-output", "+")]
    assert out[0].fields["corroborates"] is False
    # a negated cue states no link
    assert not [p for p in props("Robot smuggling does not boost Freedonia's factory output.") if p.kind == "link"]


def test_a_known_link_is_corroborated_across_two_sentences():
    text = "Freedonia's factory output keeps rising. That growth helps keep jobs in Sylvania."
    known = [("o-output", "o-jobs", "+")]
    assert not [p for p in props(text) if p.kind == "link"]           # not a new link: the ends are apart
    out = [p for p in props(text, known) if p.kind == "link"]
    assert len(out) == 1 and out[0].fields["corroborates"] is True and out[0].fields["link"] == ID + "link-0"
    assert out[0].start == 0 and out[0].end == len(text)              # the span covers both sentences
    # a cue of the other polarity only, between them, does not corroborate
    assert not [p for p in props("Freedonia's factory output keeps rising. It cuts jobs in Sylvania.", known)
                if p.kind == "link"]


def test_a_measure_naming_what_it_acts_on_corroborates_that_link():
    text = "The ministry asked for a ban on robot smuggling."
    lex_links = [("m-levy", "p-smuggling", "-")]
    assert "p-smuggling" in found(text)
    out = [p for p in props("A tariff on robot imports would curb robot smuggling.", lex_links) if p.kind == "link"]
    assert [(p.fields["cause"], p.fields["polarity"], p.fields["corroborates"]) for p in out] == \
        [(ID + "m-levy", "-", True)]


def lex_of(nodes: dict, links=()) -> Lexicon:
    """A lexicon of the given nodes only: local name -> (class, label, aliases)."""
    out, names = {}, []
    for local, (cls, label, alts) in nodes.items():
        out[ID + local] = Node(ID + local, label, [str(PK[cls])])
        names += [make_name(ID + local, t, "http://www.w3.org/2004/02/skos/core#prefLabel") for t in (label, *alts)]
    return Lexicon(out, names, [Link(ID + f"link-{i}", ID + c, ID + e, p, s) for i, (c, e, p, s) in enumerate(links)])


def mentioned(text: str, lex: Lexicon, tuning: Tuning | None = None) -> dict[str, list]:
    return {p.fields["entity"].rsplit("/", 1)[-1]: p.fields["occurrences"]
            for p in propose(text, Context(lex), proposers=[RuleProposer(tuning)], everything=True) if p.kind == "mention"}


def test_dotted_initials_are_one_word_and_match_the_capitals():
    toks = tokens("The U.S. and E.U. rules, said A. Smith.")
    assert [t.norm for t in toks][:4] == ["the", "us", "and", "eu"] and toks[1].text == "U.S"
    assert [t.text for t in toks][-2:] == ["A", "Smith"]              # one initial stays a word
    assert lemma("U.S.") == "us"
    exact = [p for p in props("Yesterday the U.S. customs office seized a crate.") if p.kind == "mention"]
    assert [(p.fields["entity"], p.text, p.fields.get("fuzzy")) for p in exact] == \
        [(ID + "gov", "U.S. customs office", None)]                   # by its label, not by key words


def test_a_country_in_a_name_also_matches_its_adjective():
    lex = lex_of({"talent": ("Capability", "China's robot talent", ()),
                  "labs": ("ActorGroup", "Japanese robot labs", ())})
    assert lemma("Japanese") == lemma("Japan") == "japan" and lemma("American") == "us"
    for text, entity in (("Several Japan robot labs opened.", "labs"), ("It rests on Chinese robot talent.", "talent")):
        hits = [p for p in propose(text, Context(lex), everything=True) if p.kind == "mention"]
        assert [(p.fields["entity"], p.fields.get("fuzzy")) for p in hits] == [(ID + entity, None)]


def test_an_acronym_the_text_defines_names_the_same_thing_later():
    lex = lex_of({"output": ("Outcome", "Freedonia's factory output", ())})
    text = "Officials track Freedonia's Factory Output (FFO) monthly. Last spring FFO fell."
    occ = mentioned(text, lex)["output"]
    assert [text[a:b] for a, b in occ] == ["Freedonia's Factory Output", "FFO", "FFO"]
    assert "output" not in mentioned("Last spring FFO fell.", lex)    # undefined, it names nothing
    # an unknown long form becomes one candidate, its acronym one more occurrence of it
    text = "The Robot Import Control Office (RICO) met. After lunch RICO adjourned."
    ents = [p for p in propose(text, Context(lex), everything=True) if p.kind == "entity"]
    assert [p.fields["label"] for p in ents] == ["Robot Import Control Office"]
    assert ents[0].fields["aliases"] == ["RICO"] and len(ents[0].fields["occurrences"]) == 3


def test_a_long_capitalised_name_is_also_its_initials():
    lex = lex_of({"ftb": ("GovernmentBody", "Freedonian Trade Board", ())})
    assert "ftb" in mentioned("The FTB fined two shippers.", lex)
    assert "ftb" not in mentioned("The ftb fined two shippers.", lex)   # initials match in capitals only


def test_coordinated_modifiers_share_the_head():
    lex = lex_of({"f-labs": ("ActorGroup", "Freedonian robot labs", ()),
                  "s-labs": ("ActorGroup", "Sylvanian robot labs", ())})
    assert set(mentioned("A race between Freedonian and Sylvanian robot labs worries regulators.", lex)) == \
        {"f-labs", "s-labs"}
    assert set(mentioned("A race between Freedonian rivals and Sylvanian robot labs.", lex)) == {"s-labs"}


def test_a_longer_name_holding_a_shorter_one_names_both():
    lex = lex_of({"nadir": ("Company", "Nadir", ()), "robots": ("Chip", "Nadir's most advanced robots", ())})
    assert set(mentioned("Inspectors seized advanced Nadir robots at the port.", lex)) == {"nadir", "robots"}
    assert set(mentioned("Inspectors seized Nadir invoices at the port.", lex)) == {"nadir"}


def test_a_candidate_name_stops_at_a_parenthesis():
    text = "Then Quorvane Dynamics (a shell firm) shipped crates."
    labels = [p.fields["label"] for p in propose(text, Context(lexicon())) if p.kind == "entity"]
    assert "Quorvane Dynamics" in labels and not any("(" in x for x in labels)


def test_known_links_are_corroborated_by_naming_both_ends_within_the_window():
    lex = lex_of({"smug": ("Pathway", "Robot smuggling", ()), "out": ("Outcome", "Freedonia's factory output", ())},
                 links=[("smug", "out", "+", 2)])
    text = ("Robot smuggling came up first. The weather was mild. Talks ran late. Nobody left early. "
            "Then Freedonia's factory output was discussed.")

    def got(tuning):
        return [(p.fields["basis"], p.fields["distance"]) for p in
                propose(text, Context(lex), proposers=[RuleProposer(tuning)], everything=True) if p.kind == "link"]
    assert got(Tuning(link_window=0)) == [("co-mention", 4)]
    assert got(Tuning(link_window=5)) == [("co-mention", 4)]
    assert got(Tuning(link_window=4)) == [] and got(Tuning(link_window=2)) == []
    assert got(Tuning(link_window=0, link_min_support=3)) == []        # the graph's link is too thin


def test_tuning_sets_the_concept_threshold():
    lex = lexicon()
    text = "Rival firms rent secure server space abroad."                # about half the measure's words
    assert "m-limit-sites" in mentioned(text, lex, Tuning(threshold=0.5))
    assert "m-limit-sites" not in mentioned(text, lex, Tuning(threshold=0.6))


def test_a_proper_name_in_a_label_must_be_in_the_text():
    lex = lex_of({"nadir": ("Company", "Nadir", ()), "robots": ("Chip", "Nadir's most advanced robots", ()),
                  "other": ("Outcome", "Sylvanian harbour traffic", ())})
    assert "robots" not in mentioned("The port relies on an advanced robot fleet.", lex)
    assert "robots" in mentioned("The port relies on the most advanced Nadir robots.", lex)


def test_a_proper_named_node_is_not_found_by_its_definition():
    lex = lex_of({"nadir": ("Company", "Nadir", ()), "fleet": ("Capability", "Sylvanian harbour fleet", ())})
    lex.definitions = {ID + "nadir": "Sylvanian maker of harbour cranes and tugboats.",
                       ID + "fleet": "The harbour tugboats and cranes Sylvania can put to sea."}
    got = mentioned("Sylvanian harbour cranes and tugboats were idle all week.", lex)
    assert "nadir" not in got and "fleet" in got


def test_whether_puts_a_name_and_its_negated_twin_in_play():
    found_in = found("Everything depends on whether the allies keep restricted robot access until 2031.")
    assert {"s-with", "s-without"} <= found_in
    assert "s-without" not in found("The allies keep restricted robot access until 2031.")


def test_an_elliptical_negator_denies_the_clause_before_it():
    text = ("The study sketches two paths to 2031: one where the allies restrict robot access, "
            "and another, for all the talk of trade and of jobs and of ports, where they do not.")
    assert {"s-with", "s-without"} <= found(text)
    assert "s-without" not in found(text.replace("do not.", "do."))
    # a negator inside a later clause is no ellipsis
    assert "s-without" not in found("By 2031 the allies restrict robot access, though the ministers who drafted "
                                    "the rules at the long summit last spring did not say why.")


def props_of(text: str, lex: Lexicon) -> list:
    return propose(text, Context(lex), everything=True)


def test_a_name_inside_a_longer_name_is_a_mention_too():
    lex = lex_of({"yards": ("DataCenter", "foreign robot yards", ()),
                  "board": ("GovernmentBody", "foreign robot yard inspection board", ())})
    got = [p for p in props_of("The foreign robot yard inspection board met.", lex) if p.kind == "mention"]
    assert {(p.fields["entity"].rsplit("/", 1)[-1], p.text, p.fields.get("fuzzy")) for p in got} == \
        {("board", "foreign robot yard inspection board", None), ("yards", "foreign robot yard", None)}


def test_a_factor_and_a_thing_do_not_hide_each_other():
    lex = lex_of({"yards": ("DataCenter", "Offshore robot yards", ()),
                  "route": ("Pathway", "Offshore robot-yard access", ())})
    assert set(mentioned("Rivals keep making use of offshore robot yards.", lex)) == {"yards", "route"}


def test_a_package_is_named_where_a_text_recommends_its_measures():
    lex = lex_of({"levy": ("Measure", "Tariff on robot imports", ()),
                  "sites": ("Measure", "Limit rival use of secure server farms", ()),
                  "sub": ("PolicyPackage", "Site plan", ()),
                  "pkg": ("PolicyPackage", "The ministry's trade agenda", ())})
    lex.members = {ID + "pkg": {ID + "levy", ID + "sub"}, ID + "sub": {ID + "sites"}}
    text = "The ministry called for a tariff on robot imports and limits on rival use of secure server farms."
    got = mentioned(text, lex)
    assert "pkg" in got and "sub" not in got           # the package holding both (one through "sub")
    assert "pkg" not in mentioned(text.replace("called for", "discussed"), lex)    # no verb of recommending
    assert "pkg" not in mentioned("The ministry called for a tariff on robot imports.", lex)   # one measure
