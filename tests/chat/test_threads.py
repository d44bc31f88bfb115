"""Threads and lesson questions, on real Redis and PostgreSQL: hostile input first."""

from __future__ import annotations

import uuid

import pytest

from edusphere.chat import live, messages, questions
from edusphere.chat.models import ChatMessage
from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.runtime import Runtime
from tests.chat.factories import classroom, drain_stream, enrolled, forget_rooms
from tests.courses import factories as course_factories


async def _refused(code: ErrorCode, call: object) -> AppError:
    with pytest.raises(AppError) as caught:
        await call  # type: ignore[misc]
    assert caught.value.code is code, caught.value.message
    return caught.value


async def _head(runtime: Runtime, room_id: str) -> int | None:
    head, _ = await live.room_head(runtime.redis, messages.room_keys(runtime, room_id))
    return head


async def test_replies_that_cannot_be_change_nothing(runtime: Runtime) -> None:
    room = await classroom(runtime)
    other = await classroom(runtime)
    elsewhere = await messages.send_message(runtime, other.learner.viewer, other.room_id, "other room", "o-1")
    root = await messages.send_message(runtime, room.learner.viewer, room.room_id, "root", "r-1")
    gone = await messages.send_message(runtime, room.learner.viewer, room.room_id, "soon gone", "r-2")
    await messages.delete_message(runtime, room.learner.viewer, gone.id)
    head = await _head(runtime, room.room_id)
    for thread_id in (elsewhere.id, gone.id, str(uuid.uuid4()), "not-a-uuid", "", "x" * 10_000):
        error = await _refused(
            ErrorCode.BAD_USER_INPUT,
            messages.send_message(runtime, room.learner.viewer, room.room_id, "reply", f"t-{len(thread_id)}",
                                  thread_id=thread_id),
        )  # fmt: skip
        assert error.details.get("field") == "threadId"
    lesson = (await course_factories.lessons_of(room.course))[0]
    await _refused(
        ErrorCode.BAD_USER_INPUT,
        messages.send_message(runtime, room.learner.viewer, room.room_id, "both", "b-1", thread_id=root.id,
                              lesson_id=str(lesson.id)),
    )  # fmt: skip
    assert await _head(runtime, room.room_id) == head
    state = await messages.current_state(runtime, room.room.id, root.id)
    assert state is not None
    assert state.reply_count == 0


async def test_a_reply_counts_on_its_root_and_a_reply_to_a_reply_joins_the_root(runtime: Runtime) -> None:
    room = await classroom(runtime)
    root = await messages.send_message(runtime, room.learner.viewer, room.room_id, "How do I start?", "q-1")
    first = await messages.send_message(runtime, room.creator.viewer, room.room_id, "Read lesson 1", "a-1",
                                        thread_id=root.id)  # fmt: skip
    second = await messages.send_message(runtime, room.learner.viewer, room.room_id, "Thanks!", "a-2",
                                         thread_id=first.id)  # fmt: skip
    assert first.thread_id == root.id
    assert second.thread_id == root.id  # one level deep
    state = await messages.current_state(runtime, room.room.id, root.id)
    assert state is not None
    assert (state.reply_count, state.last_reply_at) == (2, second.created_at)
    timeline = await messages.history(runtime, room.learner.viewer, room.room_id, None, None)
    assert [m.id for m in timeline.messages] == [root.id]  # replies live in the thread
    assert timeline.messages[0].reply_count == 2
    thread = await messages.thread(runtime, room.learner.viewer, root.id, None, None)
    assert [m.body for m in thread.messages] == ["Read lesson 1", "Thanks!"]
    await messages.delete_message(runtime, room.learner.viewer, second.id)
    state = await messages.current_state(runtime, room.room.id, root.id)
    assert state is not None
    assert state.reply_count == 1
    # The retry of a reply changes no count.
    again = await messages.send_message(runtime, room.creator.viewer, room.room_id, "Read lesson 1", "a-1",
                                        thread_id=root.id)  # fmt: skip
    assert again.id == first.id
    state = await messages.current_state(runtime, room.room.id, root.id)
    assert state is not None
    assert state.reply_count == 1


async def test_threads_read_the_same_from_postgresql_and_after_redis_lost_them(runtime: Runtime) -> None:
    room = await classroom(runtime)
    root = await messages.send_message(runtime, room.learner.viewer, room.room_id, "root", "q-1")
    for n in range(3):
        await messages.send_message(runtime, room.creator.viewer, room.room_id, f"reply {n}", f"a-{n}",
                                    thread_id=root.id)  # fmt: skip
    live_thread = await messages.thread(runtime, room.learner.viewer, root.id, None, None)
    live_root = await messages.current_state(runtime, room.room.id, root.id)
    await drain_stream(runtime)
    await forget_rooms(runtime)
    stored_thread = await messages.thread(runtime, room.learner.viewer, root.id, None, 2)
    assert [m.body for m in stored_thread.messages] == ["reply 1", "reply 2"]
    assert stored_thread.has_more
    older = await messages.thread(runtime, room.learner.viewer, root.id, stored_thread.messages[0].seq, 2)
    assert [m.id for m in older.messages + stored_thread.messages] == [m.id for m in live_thread.messages]
    assert await messages.current_state(runtime, room.room.id, root.id) == live_root
    # A new reply to a root Redis no longer holds brings it back (from PostgreSQL) and counts on.
    await messages.send_message(runtime, room.learner.viewer, room.room_id, "one more", "a-9", thread_id=root.id)
    state = await messages.current_state(runtime, room.room.id, root.id)
    assert state is not None
    assert state.reply_count == 4
    await drain_stream(runtime)
    row = await ChatMessage.get(id=root.id)
    assert row.reply_count == 4


async def test_lesson_questions_refuse_another_courses_lesson(runtime: Runtime) -> None:
    room = await classroom(runtime)
    other = await classroom(runtime)
    foreign = (await course_factories.lessons_of(other.course))[0]
    for lesson_id in (str(foreign.id), str(uuid.uuid4()), "nope"):
        error = await _refused(
            ErrorCode.BAD_USER_INPUT,
            messages.send_message(runtime, room.learner.viewer, room.room_id, "?", "q-1", lesson_id=lesson_id),
        )
        assert error.details.get("field") == "lessonId"
    assert await _head(runtime, room.room_id) is None


async def test_a_question_is_answered_in_its_thread_by_its_author_or_the_creator(runtime: Runtime) -> None:
    room = await classroom(runtime)
    bystander = await enrolled(runtime, room, "Bystander")
    lesson = (await course_factories.lessons_of(room.course))[0]
    question = await messages.send_message(runtime, room.learner.viewer, room.room_id, "What is a list?", "q-1",
                                           lesson_id=str(lesson.id))  # fmt: skip
    answer = await messages.send_message(runtime, room.creator.viewer, room.room_id, "An ordered collection", "a-1",
                                         thread_id=question.id)  # fmt: skip
    other_q = await messages.send_message(runtime, room.learner.viewer, room.room_id, "Another?", "q-2",
                                          lesson_id=str(lesson.id))  # fmt: skip
    elsewhere = await messages.send_message(runtime, room.creator.viewer, room.room_id, "not this", "a-2",
                                            thread_id=other_q.id)  # fmt: skip
    plain = await messages.send_message(runtime, room.learner.viewer, room.room_id, "just chatting", "p-1")
    head = await _head(runtime, room.room_id)
    await _refused(ErrorCode.FORBIDDEN, questions.mark_answer(runtime, bystander.viewer, question.id, answer.id))
    for wrong in (elsewhere.id, question.id, str(uuid.uuid4()), "junk"):
        await _refused(
            ErrorCode.BAD_USER_INPUT, questions.mark_answer(runtime, room.creator.viewer, question.id, wrong)
        )
    await _refused(ErrorCode.BAD_USER_INPUT, questions.mark_answer(runtime, room.learner.viewer, plain.id, None))
    assert await _head(runtime, room.room_id) == head

    await drain_stream(runtime)
    unanswered = await questions.unanswered_questions(runtime, room.creator.viewer, None, None, None)
    assert [m.id for m in unanswered.questions] == [question.id, other_q.id]  # oldest first
    await _refused(
        ErrorCode.FORBIDDEN,
        questions.unanswered_questions(runtime, room.learner.viewer, str(room.course.id), None, None),
    )

    marked = await questions.mark_answer(runtime, room.learner.viewer, question.id, answer.id)
    assert marked.answer_id == answer.id
    unanswered = await questions.unanswered_questions(runtime, room.creator.viewer, str(room.course.id), None, None)
    assert [m.id for m in unanswered.questions] == [other_q.id]  # answered in Redis, not yet stored: left out
    listed = await questions.lesson_questions(runtime, bystander.viewer, str(lesson.id), None, None)
    assert [m.id for m in listed.questions] == [other_q.id, question.id]  # newest first
    assert listed.questions[1].answer_id == answer.id
    cleared = await questions.mark_answer(runtime, room.creator.viewer, question.id, None)
    assert cleared.answer_id is None


async def test_question_lists_page_and_refuse_outsiders(runtime: Runtime) -> None:
    from tests.helpers import make_user

    room = await classroom(runtime)
    lesson = (await course_factories.lessons_of(room.course))[0]
    for n in range(5):
        await messages.send_message(runtime, room.learner.viewer, room.room_id, f"q{n}", f"q-{n}",
                                    lesson_id=str(lesson.id))  # fmt: skip
    await drain_stream(runtime)
    outsider = await make_user(runtime)
    await _refused(
        ErrorCode.FORBIDDEN, questions.lesson_questions(runtime, outsider.viewer, str(lesson.id), None, None)
    )
    for first in (0, -1, 51, 10**9):
        await _refused(
            ErrorCode.BAD_USER_INPUT,
            questions.lesson_questions(runtime, room.learner.viewer, str(lesson.id), first, None),
        )
    await _refused(
        ErrorCode.BAD_USER_INPUT, questions.lesson_questions(runtime, room.learner.viewer, str(lesson.id), 2, "forged")
    )
    seen: list[str] = []
    after = None
    while True:
        page = await questions.lesson_questions(runtime, room.learner.viewer, str(lesson.id), 2, after)
        seen += [m.body for m in page.questions]
        if not page.has_next_page:
            break
        after = page.end_cursor
    assert seen == ["q4", "q3", "q2", "q1", "q0"]
