"""Return (退回), transfer (转办) and bulk routing in the queue (core/cases/transfer.py)."""

from console.locales import split

_PAIRS = {
    "event.returned": ("退回", "Returned"),
    "event.transferred": ("转办", "Transferred"),
    "error.transfer_same_unit": (
        "该事项已由{unit}办理，请选择另一个单位。",
        "{unit} already handles this matter: choose another unit.",
    ),
    "error.bulk_empty": ("请先在列表中勾选事项。", "Select matters in the list first."),
    "error.bulk_too_many": (
        "一次最多批量处理 {limit} 件，当前选了 {n} 件。",
        "At most {limit} matters per bulk action; {n} are selected.",
    ),
    "error.bulk_duplicate": (
        "所选事项有重复，请重新勾选。",
        "The selection lists a matter twice: select again.",
    ),
    "error.bulk_stale": (
        "{case} 号事项刚被他人修改，整批未作任何更改。请刷新后重新勾选。",
        "Matter {case} was just changed by someone else; nothing in the batch was changed. "
        "Refresh and select again.",
    ),
    "error.bulk_refused": (
        "{case} 号事项不能办理（{cause}），整批未作任何更改。",
        "Matter {case} cannot be routed ({cause}); nothing in the batch was changed.",
    ),
}

ZH, EN = split(_PAIRS)
