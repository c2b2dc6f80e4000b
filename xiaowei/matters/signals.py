from django.dispatch import Signal

step_published = Signal()
"""
Arguments: ``step`` (a MatterStep whose flowchart step publishes)

Sent after the transaction that recorded a publishing step commits. The disclosure mechanism listens to
it to turn the step into a publication; until then the step shows on the matter's public timeline.
"""

outcome_decided = Signal()
"""
Arguments: ``outcome`` (a MatterOutcome)

Sent after commit when a 便民服务 matter's outcome step is recorded: the hand-off to 办事结果.
"""
