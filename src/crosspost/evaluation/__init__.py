"""The evaluation loop: results and costs per platform, read from exports, judged against the
canvas's KPI targets."""
