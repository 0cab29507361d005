"""Platform formats and norms as validated, sourced data."""
