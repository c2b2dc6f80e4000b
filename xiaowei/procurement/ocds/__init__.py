"""Open Contracting Data Standard (OCDS) 1.1 output for village projects and collective-asset disposals.

Standard: OCDS 1.1, schema tag ``1__1__5`` (https://standard.open-contracting.org/1.1/en/), a copy of which
ships in ``procurement/data/ocds-1.1.5/`` (Open Contracting Partnership, Apache-2.0). Pure functions from
plain dataclasses to JSON-ready dicts; no Django. This package's modules, each with one job:

* ``types``: the dataclasses (``Project`` = one contracting process, and its parts);
* ``values``: money in exact yuan, dates, ocids; ``vocabulary``: our words → OCDS codes;
* ``milestones``: 4+X sign-offs and acceptance as milestones;
* ``sections``: the JSON of each block; ``checks``: impossible input refused before any JSON;
* ``mapping``: the releases of a process (``project_releases``);
* ``packages``: release and record packages, ``compile_record``;
* ``schema``: the bundled schemas, codelists and the extension-patched release schema.

What other code uses is imported here, so callers write ``ocds.project_releases`` and so on.

One contracting process (one ``ocid``) = one village project or one disposal. Each stage change produces
one *release* (tags from the closed releaseTag codelist: planning, tender, award, contract, implementation,
contractTermination); releases are published in a *release package* and merged into a *record* whose
``compiledRelease`` follows the OCDS merge rules (``compile_record``).

Mapping decisions (see ``procurement/data/README.md`` for the long form):

* Money is integer fen everywhere. ``money()`` turns fen into ``{"amount": yuan, "currency": "CNY"}`` with
  ``Decimal`` arithmetic; only the last step converts the exact decimal to a JSON number (an ``int`` when
  whole, else the float whose shortest repr is that decimal, which holds for |amount| < 10^13 yuan).
* Suppliers and tenderers are identified by 统一社会信用代码 under org-id.guide scheme ``CN-USCI``
  (``USCI_SCHEME``); the village by its 12-digit 统计用区划代码 under the local scheme ``VILLAGE_SCHEME``.
* Our procurement routes map to ``procurementMethod``: 公开招标/公开竞价/拍卖 → open, 竞争性比选/邀请 →
  selective, 比价 (≥ 3 quotes) → limited, 直接发包 → direct; ``procurementMethodDetails`` keeps the Chinese.
* Bid amounts use the field names of the official bids extension (``bids.details``), declared in the
  package by ``BID_EXTENSION_URL``.
* 4+X joint-supervision sign-offs (纪委/农经/财政/规划/行业主管部门) and 验收 are milestones, placed in the
  block of the stage they sign off (立项 → planning, 招投标 → tender, later → contract implementation).
* Disposals of collective assets (出租/发包/出让) use the local extension in
  ``procurement/data/ocds_disposal_extension`` (``tender.disposal``: reserve price 底价, lease term, asset
  kind). The village is ``procuringEntity`` (not ``buyer``: no budget is spent) and the winning bidder is
  the ``supplier``.

Impossible input (negative money, a bid after the deadline, an award before the tender, a payment before
the contract was signed, unknown party ids, a lease over 20 years, a deal below the reserve price) raises
``ValueError`` with a Chinese message before any JSON is built. Payments above the contract value are
possible in practice and are published as they are.
"""

from xiaowei.procurement.ocds.mapping import project_releases, release
from xiaowei.procurement.ocds.milestones import acceptance, signoff
from xiaowei.procurement.ocds.packages import (
    BID_EXTENSION_URL,
    OCDS_VERSION,
    compile_record,
    dumps,
    record_package,
    release_package,
)
from xiaowei.procurement.ocds.schema import (
    DATA_DIR,
    DISPOSAL_EXTENSION_DIR,
    STANDARD_ZIP,
    codelist,
    json_merge_patch,
    load_schema,
    patched_release_schema,
)
from xiaowei.procurement.ocds.types import (
    Award,
    Bid,
    Completion,
    Contract,
    Disposal,
    Implementation,
    Milestone,
    Party,
    Payment,
    Planning,
    Project,
    Tender,
    When,
)
from xiaowei.procurement.ocds.values import CST, iso, make_ocid, money, yuan_number
from xiaowei.procurement.ocds.vocabulary import (
    DISPOSAL_KINDS,
    ROUTES,
    SUPERVISORS,
    USCI_SCHEME,
    VILLAGE_SCHEME,
)

__all__ = [
    "BID_EXTENSION_URL",
    "CST",
    "DATA_DIR",
    "DISPOSAL_EXTENSION_DIR",
    "DISPOSAL_KINDS",
    "OCDS_VERSION",
    "ROUTES",
    "STANDARD_ZIP",
    "SUPERVISORS",
    "USCI_SCHEME",
    "VILLAGE_SCHEME",
    "Award",
    "Bid",
    "Completion",
    "Contract",
    "Disposal",
    "Implementation",
    "Milestone",
    "Party",
    "Payment",
    "Planning",
    "Project",
    "Tender",
    "When",
    "acceptance",
    "codelist",
    "compile_record",
    "dumps",
    "iso",
    "json_merge_patch",
    "load_schema",
    "make_ocid",
    "money",
    "patched_release_schema",
    "project_releases",
    "record_package",
    "release",
    "release_package",
    "signoff",
    "yuan_number",
]
