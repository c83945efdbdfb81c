"""Every area of the service in one class: what the TUI and most commands use."""

from __future__ import annotations

from rituals.service.base import ServiceBase
from rituals.service.dashboard import DashboardMixin
from rituals.service.doctor import DoctorMixin
from rituals.service.export import ExportMixin
from rituals.service.insights import InsightsMixin
from rituals.service.people import PeopleMixin
from rituals.service.rituals import RitualsMixin
from rituals.service.rotation import RotationMixin
from rituals.service.suggest import SuggestMixin


class Service(PeopleMixin, RitualsMixin, ExportMixin, DashboardMixin, SuggestMixin, InsightsMixin, DoctorMixin, RotationMixin, ServiceBase):
    """Every capability of rituals, over one store, clock and seed."""
