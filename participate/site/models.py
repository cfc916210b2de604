from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participate.db import Base, utcnow


class SiteSettings(Base):
    """The municipality's own settings: one row (id = 1), edited by admins in the site."""

    __tablename__ = "site_settings"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("length(primary_colour) = 7", name="primary_colour_hex"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    municipality_name: Mapped[str] = mapped_column(String(120), default="Participate")
    tagline: Mapped[str] = mapped_column(String(200), default="", server_default="")
    primary_colour: Mapped[str] = mapped_column(String(7), default="#1d4f91")
    contact_email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    logo_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_alt: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # More links than this in an idea or a comment send it to the moderation queue.
    max_links_per_post: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    # The privacy statement (Markdown); empty: the built-in statement is shown.
    privacy_md: Mapped[str] = mapped_column(Text, default="", server_default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    footer_links: Mapped[list[FooterLink]] = relationship(
        order_by="FooterLink.position", cascade="all, delete-orphan", lazy="selectin"
    )


class FooterLink(Base):
    __tablename__ = "footer_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    settings_id: Mapped[int] = mapped_column(
        ForeignKey("site_settings.id", ondelete="CASCADE"), default=1
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    label: Mapped[str] = mapped_column(String(80))
    url: Mapped[str] = mapped_column(Text)
