"""Run the dashboard (headless) on a store whose case carries personal data, with a bug
planted that raises while a local variable holds that data: ``python crash_dashboard.py
STORE`` exits with tousu's status for it (test_crash.py reads what it prints)."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from cases.clock import FixedClock  # noqa: E402
from cases.model import Case, Complainant, Order  # noqa: E402
from storage.store import Store  # noqa: E402
from tui import app as tui_app  # noqa: E402
from tui.cli import main  # noqa: E402
from tui.screens.dashboard import DashboardScreen  # noqa: E402

NOW = "2026-11-22T10:00:00+08:00"
PHONE, ID_NUMBER, NAME = "13812345678", "11010519491231002X", "欧阳娜娜"


def planted_bug(self: DashboardScreen, keep: str | None = None) -> None:
    case = self.app.store.case("K-0001")  # a local holding the whole case, unmasked
    complainant = case.complainant
    raise RuntimeError(f"cannot list {complainant.name} ({complainant.phone})")


if __name__ == "__main__":
    store_path = Path(sys.argv[1])
    store = Store.open(store_path, FixedClock(NOW))
    store.add_case(Case(title="点卡充值未到账", platform="汇想卡盟", orders=[Order("HX-1", Decimal("128.00"))],
                        complainant=Complainant(NAME, PHONE, ID_NUMBER, "北京市朝阳区")))
    store.close()
    DashboardScreen.reload = planted_bug  # type: ignore[method-assign]
    real_run = tui_app.TousuApp.run
    tui_app.TousuApp.run = lambda self, **kw: real_run(self, headless=True, size=(100, 30))  # type: ignore[method-assign]
    sys.exit(main(["--db", str(store_path)]))
