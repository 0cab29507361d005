"""Pure planning steps: each turns a plan state into a new one and records what it changed."""
