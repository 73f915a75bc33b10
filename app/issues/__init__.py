"""Isu prioritas: complaint topics, the ranked issues of a scope and period, and the actions started from them."""
