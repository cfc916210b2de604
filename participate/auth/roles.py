from enum import StrEnum


class Role(StrEnum):
    CITIZEN = "citizen"
    MODERATOR = "moderator"
    COUNCIL = "council"
    ADMIN = "admin"
