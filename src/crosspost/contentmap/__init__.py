"""The content map: the social media canvas drawn from items, targets, variants and findings."""
