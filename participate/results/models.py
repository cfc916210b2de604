"""What the results store of their own: an anonymous count of the views of a consultation's
page per day, for the funnel from visit to vote to idea. Nothing about a person."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from participate.db import Base


class ConsultationVisit(Base):
    """Views of one consultation's page on one day (in the municipality's time zone).
    Incremented by one atomic upsert, never read-modify-write (as participate/share counts
    arrivals)."""

    __tablename__ = "consultation_visits"
    __table_args__ = (CheckConstraint("views >= 0", name="views_not_negative"),)

    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(primary_key=True)
    views: Mapped[int] = mapped_column(default=0, server_default="0")
