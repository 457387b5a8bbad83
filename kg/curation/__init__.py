"""Growing the record: ingest a document, review proposals, write accepted statements to the data folder."""
