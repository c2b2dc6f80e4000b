"""Helpers every app may use; lib imports no app. Two kinds:

- pure, importable without Django (xiaowei/tests/test_pure_modules.py checks): errors, money, uscc,
  origin, env, sheets;
- Django helpers: the append-only model base and triggers, db chores, forms, http, middleware, admin,
  the CLI base class and importers, pii (its keyed hash reads the secret from settings).
"""
