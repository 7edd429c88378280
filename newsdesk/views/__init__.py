"""What readers see, computed from the store: the story view, agreement and conflict, briefings, listings."""
