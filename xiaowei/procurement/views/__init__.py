"""Procurement's public pages: the OCDS endpoints (ocds.py) and the contractor list (contractors.py)."""
