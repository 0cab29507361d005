"""HTML views of reports (notebook cards now; map and variant views later), no scripts."""
