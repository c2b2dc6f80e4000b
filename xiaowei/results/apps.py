from __future__ import annotations

import logging
from typing import Any

from django.apps import AppConfig

logger = logging.getLogger(__name__)


class ResultsConfig(AppConfig):
    name = "xiaowei.results"
    label = "results"
    verbose_name = "办事结果"

    def ready(self) -> None:
        from xiaowei.catalog import setting_keys
        from xiaowei.results.categories import parse_config
        from xiaowei.search import registry

        setting_keys.register("results", parse_config)
        registry.register(
            registry.Kind("result", "办事结果")
        )  # indexed by the importer and do_record_outcome
        from xiaowei.matters.signals import outcome_decided

        outcome_decided.connect(_record_outcome, dispatch_uid="results.record_outcome")


def _record_outcome(sender: Any, outcome: Any, **kwargs: Any) -> None:
    # Sent after the matter's transaction committed: a failure here must not turn the cadre's recorded step
    # into an error page. The hand-off is idempotent, so it can be run again for this outcome.
    from xiaowei.results.services import do_record_outcome

    try:
        do_record_outcome(outcome)
    except Exception:
        logger.exception("办事结果交接失败：事项结果 %s", outcome.pk)
