"""The ground floor: vocabulary, settings, the corpus folder, safe file writes, the figure model."""
