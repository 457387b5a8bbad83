"""Each page's data: lists, claims, documents, entities, anchors, example queries; rows read for the shown page only."""
