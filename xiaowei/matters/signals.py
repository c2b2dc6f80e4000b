from django.dispatch import Signal

step_published = Signal()
"""
Arguments: ``step`` (a MatterStep whose flowchart step publishes)

Sent after the transaction that recorded a publishing step commits (the step's publication was already
made in that transaction by disclosure.services.publish_matter_step). For optional listeners, e.g.
notifications or caches.
"""

outcome_decided = Signal()
"""
Arguments: ``outcome`` (a MatterOutcome)

Sent after commit when a 便民服务 matter's outcome step is recorded: the hand-off to 办事结果.
"""
