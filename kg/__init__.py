"""policy-kg: a knowledge graph of policy documents with evidence on every statement."""

__version__ = "0.1.0"
