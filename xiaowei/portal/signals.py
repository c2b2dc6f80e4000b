from django.dispatch import Signal

serving = Signal()
"""
Arguments: ``url`` (the site's address, ending in "/")

Sent by `xiaowei serve` before it starts the server. Receivers return lines (a list of strings) to print
under the address, e.g. the demo's accounts.
"""
