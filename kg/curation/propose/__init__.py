"""The rule proposer: statements suggested for a new document's text, from the graph's own names."""
