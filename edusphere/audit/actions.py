"""Every action the audit log records, in one place (the SDL's `AuditAction` mirrors it).

Names are `<target>.<verb>`; the target type is the part before the dot, capitalised as the
GraphQL type it names (`TARGET_TYPES`).
"""

from __future__ import annotations

from enum import StrEnum


class AuditAction(StrEnum):
    USER_ROLE_CHANGED = "user.role_changed"
    USER_DEACTIVATED = "user.deactivated"
    USER_REACTIVATED = "user.reactivated"
    USER_SESSIONS_ENDED = "user.sessions_ended"
    # Support actions from the admin's user page (issue 15): a mail sent on the user's behalf.
    USER_VERIFICATION_RESENT = "user.verification_resent"
    USER_PASSWORD_RESET_SENT = "user.password_reset_sent"  # noqa: S105 - an action, not a password
    COURSE_UNPUBLISHED = "course.unpublished"
    COURSE_ARCHIVED = "course.archived"
    COURSE_RESTORED = "course.restored"
    COURSE_FEATURED = "course.featured"
    COURSE_UNFEATURED = "course.unfeatured"
    ENROLLMENT_REVOKED = "enrollment.revoked"
    REVIEW_HIDDEN = "review.hidden"
    REVIEW_RESTORED = "review.restored"
    REVIEW_DELETED = "review.deleted"
    ORDER_REFUNDED = "order.refunded"
    REPORT_DISMISSED = "report.dismissed"
    REPORT_ACTIONED = "report.actioned"
    MESSAGE_DELETED = "message.deleted"
    MEMBER_MUTED = "member.muted"
    MEMBER_UNMUTED = "member.unmuted"

    @property
    def target_type(self) -> str:
        return TARGET_TYPES[self.value.partition(".")[0]]


TARGET_TYPES = {
    "user": "User",
    "course": "Course",
    "enrollment": "Enrollment",
    "review": "Review",
    "order": "Order",
    "report": "MessageReport",
    "message": "Message",
    "member": "User",  # a mute is of a user, in one course (the entry's `after` names it)
}
