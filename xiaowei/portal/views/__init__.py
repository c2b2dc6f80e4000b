"""The portal's public pages, one module per subject (portal/urls.py maps them); the subject apps' own
public pages are in their views (projects, assets, results, finance, procurement, disclosure)."""
