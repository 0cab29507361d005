"""The organisation's strategy as data: the social media canvas, and its one-page view."""
