"""Disclosure's public pages: a village's publications with their boards, verification and open data
(publications.py), and the transparency log's HTTP API (transparency.py)."""
