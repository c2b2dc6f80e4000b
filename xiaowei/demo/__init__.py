"""The demo: 涟源市 with its real townships, 504 synthetic villages, an account for every role and
county-scale data in every app, loaded by `xiaowei demo`.

Only this app imports the demo loaders (product apps never do): it depends on them, they know nothing of
it. Every loader writes through the owning app's services, or in bulk where the services would take hours
(projects, assets, books), keeping to the same rules.
"""
