"""Lesson questions: a root message tied to a lesson, answered in its thread.

A learner asks from the lesson page (`sendMessage(..., lessonId)` in one of the course's rooms);
anyone replies in its thread; the question's author, the course's creator or an admin marks one
reply as the answer (`ANSWER_MARKED`, a room event like any other). The lesson page lists its
questions newest first; a creator works through the unanswered ones of their courses oldest
first. Both lists are read from PostgreSQL (the partial indexes `chat_messages_lesson` and
`chat_messages_unanswered`), each message as it is now: a question is listed once the
write-behind has stored it, a fraction of a second after it was asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import msgspec
from tortoise.queryset import QuerySet

from edusphere.auth.viewer import Viewer
from edusphere.chat import events, messages
from edusphere.chat.events import AnswerMarked, Message
from edusphere.chat.models import ChatMessage
from edusphere.chat.rooms import Membership, is_member
from edusphere.core.errors import AppError, bad_input, forbidden, not_found
from edusphere.core.pagination import edges, keyset, newest, oldest, page_size
from edusphere.core.runtime import Runtime
from edusphere.courses.access import manages, parse_id, viewable_course
from edusphere.courses.models import Course, Lesson


@dataclass(frozen=True)
class QuestionPage:
    questions: list[Message]
    cursors: list[str]
    end_cursor: str | None
    has_next_page: bool

    def connection(self) -> dict[str, object]:
        """As the GraphQL connection types read it."""
        return {
            "edges": edges(self.questions, self.cursors),
            "page_info": {"has_next_page": self.has_next_page, "end_cursor": self.end_cursor},
        }


async def mark_answer(rt: Runtime, viewer: Viewer, message_id: str, answer_id: str | None) -> Message:
    """Mark `answer_id` (a reply in the question's thread, not deleted) as the answer to the
    question `message_id`; None clears it. The question's author, the course's creator or an
    admin only."""
    answer = await _check_answer(rt, message_id, answer_id) if answer_id is not None else None

    def change(state: Message, member: Membership) -> AnswerMarked | None:
        if state.lesson_id is None or state.thread_id is not None:
            raise bad_input("Only a lesson question has an answer", field="messageId")
        if state.author_id != str(viewer.id) and not member.moderates:
            raise forbidden("Only the question's author, the course's creator or an admin can mark its answer")
        if state.answer_id == answer:
            return None
        marked = msgspec.structs.replace(state, answer_id=answer)
        return AnswerMarked(room_id=state.room_id, at=events.now(), message=marked)

    return await messages.change_message(rt, viewer, message_id, change)


async def _check_answer(rt: Runtime, question_id: str, answer_id: str) -> str:
    invalid = bad_input("answerId is not a reply in this question's thread", field="answerId")
    try:
        room_id = await messages.room_of(rt, answer_id)
    except AppError:
        raise invalid from None
    state = await messages.current_state(rt, room_id, answer_id)
    if state is None or state.thread_id != str(UUID(question_id)):
        raise invalid
    if state.deleted:
        raise bad_input("That reply was deleted", field="answerId")
    return state.id


async def lesson_questions(
    rt: Runtime, viewer: Viewer, lesson_id: str, first: int | None, after: str | None
) -> QuestionPage:
    """A lesson's questions, newest first (members of its course only)."""
    size = page_size(first, maximum=50)
    lesson = await Lesson.get_or_none(id=parse_id(lesson_id, "Lesson")).select_related("module__course")
    if lesson is None:
        raise not_found("Lesson")
    course = lesson.module.course
    await viewable_course(viewer, course_id=str(course.id))
    if not await is_member(viewer, course):
        raise forbidden("Enroll in the course to see its questions")
    query = ChatMessage.filter(lesson_id=lesson.id, thread_id__isnull=True, deleted=False)
    return await _page(rt, query, f"lesson-questions:{lesson.id}", size, after, newest_first=True)


async def unanswered_questions(
    rt: Runtime, viewer: Viewer, course_id: str | None, first: int | None, after: str | None
) -> QuestionPage:
    """Questions without an answer, oldest first: in `course_id` (its creator or an admin), or
    across every course the viewer created (an admin without a course: every course's)."""
    size = page_size(first, maximum=50)
    query = ChatMessage.filter(lesson_id__isnull=False, thread_id__isnull=True, answer_id__isnull=True, deleted=False)
    if course_id is not None:
        course = await Course.get_or_none(id=parse_id(course_id, "Course"))
        if course is None:
            raise not_found("Course")
        if not manages(viewer, course):
            raise forbidden("Only the course's creator or an admin sees its unanswered questions")
        query = query.filter(room__course_id=course.id)
        kind = f"unanswered:{course.id}"
    elif viewer.is_admin:
        kind = "unanswered:all"
    else:
        query = query.filter(room__course__creator_id=viewer.id)
        kind = f"unanswered:creator:{viewer.id}"
    return await _page(rt, query, kind, size, after, newest_first=False)


async def _page(
    rt: Runtime, query: QuerySet[ChatMessage], kind: str, size: int, after: str | None, *, newest_first: bool
) -> QuestionPage:
    """A keyset page of stored questions, each as it is now; one deleted (or, in the unanswered
    list, answered) since PostgreSQL last heard of it is left out of the page."""
    keys = newest() if newest_first else oldest()
    page = await keyset(query, rt.settings.secret_key, kind, size, after, keys)
    wanted = [(row.room_id, row.id) for row in page.items]  # type: ignore[attr-defined]
    states = await messages.message_states(rt, wanted)
    kept: list[Message] = []
    cursors: list[str] = []
    for key, cursor in zip(wanted, page.cursors, strict=True):
        state = states.get(key)
        if state is None or state.deleted or (not newest_first and state.answer_id is not None):
            continue
        kept.append(state)
        cursors.append(cursor)
    # The next page starts after the last row read, kept or not.
    return QuestionPage(kept, cursors, page.cursors[-1] if page.cursors else None, page.has_next_page)
