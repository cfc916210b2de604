"""What sharing stores: anonymous counts per item, network and day, and the rendered share
images. Neither holds anything about a person."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from participate.db import Base, utcnow


class ShareCount(Base):
    """Clicks on our share links (per network) and arrivals through a shared link (per source
    marker), for one item on one day. Incremented by one atomic upsert, never read-modify-write."""

    __tablename__ = "share_counts"
    __table_args__ = (
        CheckConstraint("clicks >= 0 AND arrivals >= 0", name="counts_not_negative"),
        Index("ix_share_counts_day", "day"),
    )

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    item_key: Mapped[str] = mapped_column(String(80), primary_key=True)
    network: Mapped[str] = mapped_column(String(20), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    clicks: Mapped[int] = mapped_column(default=0, server_default="0")
    arrivals: Mapped[int] = mapped_column(default=0, server_default="0")


class ShareImage(Base):
    """The last share image drawn for an item, with the digest of everything it shows: a new
    title, count, colour or logo gives a new digest, and the image is drawn again."""

    __tablename__ = "share_images"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    item_key: Mapped[str] = mapped_column(String(80), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(20))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
