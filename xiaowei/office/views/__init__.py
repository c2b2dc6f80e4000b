"""The back office's pages, one module per subject (office/urls.py maps them); their forms are in
office/forms/, the module of the same name. Thin: access, form, service, render."""
