"""Rules: one module per family; each rule reads its numbers from the specs, never from code."""
