"""Quizzes, questions and attempts (API.md sections 4, 7 and 12) over HTTP."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import Client, assert_error, register
from test_courses import MISSING, new_course, new_question, new_quiz, walk

QUIZ_KEYS = {"id", "course_id", "title", "description", "pass_mark", "max_attempts", "questions_count", "created_at"}
QUESTION_KEYS = {"id", "quiz_id", "content", "kind", "choices", "position"}
ATTEMPT_KEYS = {"id", "quiz_id", "score", "total", "percent", "passed", "submitted_at", "results"}


def has_key(value, key):
    """Whether `key` is a member of any object anywhere in a JSON value."""
    if isinstance(value, dict):
        return key in value or any(has_key(v, key) for v in value.values())
    if isinstance(value, list):
        return any(has_key(v, key) for v in value)
    return False


@pytest.fixture
def teacher():
    return register()


@pytest.fixture
def course(teacher):
    return new_course(teacher[0])


@pytest.fixture
def quiz(teacher, course):
    return new_quiz(teacher[0], course)


@pytest.fixture
def student(course):
    """A user enrolled in the course."""
    client, body = register()
    assert client.post(f"/api/courses/{course['id']}/enroll/").status_code == 201
    return client, body


def attempt(client, quiz, answers):
    return client.post(f"/api/quizzes/{quiz['id']}/attempt/", {"answers": {str(k): v for k, v in answers.items()}})


# --- quizzes -------------------------------------------------------------------------------------

def test_instructor_creates_a_quiz_with_defaults(teacher, course):
    me, _ = teacher
    r = me.post("/api/quizzes/", {"course_id": course["id"], "title": " Week 1 ", "questions_count": 4, "id": 1})
    assert r.status_code == 201, r.text
    quiz = r.json()
    assert set(quiz) == QUIZ_KEYS
    assert quiz["title"] == "Week 1" and quiz["course_id"] == course["id"] and quiz["description"] == ""
    assert quiz["pass_mark"] == 60 and quiz["max_attempts"] is None and quiz["questions_count"] == 0
    assert me.get(f"/api/quizzes/{quiz['id']}/").json() == quiz
    listed = me.get(f"/api/quizzes/?course={course['id']}").json()
    assert listed == {"results": [quiz], "next": None}


@pytest.mark.parametrize("fields,errors", [
    ({"title": ""}, {"title"}), ({"pass_mark": 101}, {"pass_mark"}), ({"pass_mark": -1}, {"pass_mark"}),
    ({"pass_mark": "60"}, {"pass_mark"}), ({"max_attempts": 0}, {"max_attempts"}),
    ({"max_attempts": 1.5}, {"max_attempts"}), ({"description": None}, {"description"}),
    ({"title": 3, "pass_mark": 200}, {"title", "pass_mark"}),
])
def test_quiz_validation(teacher, course, fields, errors):
    me, _ = teacher
    body = {"course_id": course["id"], "title": "T", **fields}
    assert_error(me.post("/api/quizzes/", body), 400, "validation_failed", fields=errors)


def test_quiz_course_must_exist(teacher):
    me, _ = teacher
    assert_error(me.post("/api/quizzes/", {"course_id": MISSING, "title": "T"}), 400, "validation_failed",
                 fields={"course_id"})
    assert_error(me.post("/api/quizzes/", {"title": "T"}), 400, "validation_failed", fields={"course_id"})


def test_quizzes_need_a_token(client, quiz):
    path = f"/api/quizzes/{quiz['id']}/"
    for r in [client.get("/api/quizzes/"), client.post("/api/quizzes/", {}), client.get(path),
              client.put(path, {}), client.delete(path), client.post(path + "attempt/", {}),
              client.get(path + "attempts/"), client.get(path + "questions/"), client.post(path + "questions/", {}),
              client.get(f"/api/quizzes/{MISSING}/")]:
        assert_error(r, 401, "not_authenticated")


def test_a_student_may_not_create_edit_or_delete_a_quiz(student, course, quiz):
    me, _ = student
    path = f"/api/quizzes/{quiz['id']}/"
    assert_error(me.post("/api/quizzes/", {"course_id": course["id"], "title": "Mine"}), 403, "forbidden")
    assert_error(me.post("/api/quizzes/", {"course_id": course["id"]}), 403, "forbidden")  # before the other fields
    assert_error(me.put(path, {"course_id": course["id"], "title": "x"}), 403, "forbidden")
    assert_error(me.put(path, {}), 403, "forbidden")  # 403 before 400
    assert_error(me.delete(path), 403, "forbidden")
    assert_error(me.put(f"/api/quizzes/{MISSING}/", {}), 404, "not_found")  # 404 before 403
    assert_error(me.delete(f"/api/quizzes/{MISSING}/"), 404, "not_found")
    assert me.get(path).json() == quiz  # reading is for any authenticated user


def test_quiz_put_replaces_and_moving_needs_both_courses(teacher, admin, course, quiz):
    me, _ = teacher
    boss, _ = admin
    path = f"/api/quizzes/{quiz['id']}/"
    r = me.put(path, {"course_id": course["id"], "title": "Renamed", "pass_mark": 75, "max_attempts": 2})
    assert r.status_code == 200 and r.json()["pass_mark"] == 75 and r.json()["max_attempts"] == 2
    r = me.put(path, {"course_id": course["id"], "title": "Renamed"})
    assert r.json()["pass_mark"] == 60 and r.json()["max_attempts"] is None  # PUT resets what it omits
    assert_error(me.put(path, {"title": "x"}), 400, "validation_failed", fields={"course_id"})
    foreign = new_course(register()[0])
    assert_error(me.put(path, {"course_id": foreign["id"], "title": "x"}), 403, "forbidden")
    assert_error(me.put(path, {"course_id": MISSING, "title": "x"}), 400, "validation_failed", fields={"course_id"})
    assert boss.put(path, {"course_id": foreign["id"], "title": "Moved"}).json()["course_id"] == foreign["id"]
    assert me.delete(path).status_code == 403  # no longer in the teacher's course
    assert boss.delete(path).status_code == 204
    assert_error(me.get(path), 404, "not_found")


def test_quiz_list_pages_and_filters(teacher, course):
    me, _ = teacher
    ids = [new_quiz(me, course, f"Q{i}")["id"] for i in range(3)]
    assert [q["id"] for q in walk(me, f"/api/quizzes/?course={course['id']}&limit=2")] == ids[::-1]
    assert_error(me.get("/api/quizzes/?course=x"), 400, "validation_failed", fields={"course"})
    r = me.patch(f"/api/quizzes/{ids[0]}/", {})
    assert_error(r, 405, "method_not_allowed")
    assert r.headers["Allow"] == "GET, PUT, DELETE"


# --- questions -----------------------------------------------------------------------------------

def test_questions_crud_and_positions(teacher, quiz):
    me, _ = teacher
    base = f"/api/quizzes/{quiz['id']}/questions/"
    a = new_question(me, quiz, "a")
    assert set(a) == QUESTION_KEYS | {"correct_answer"}
    assert a["position"] == 1 and a["choices"] is None and a["correct_answer"] == "a"
    b = new_question(me, quiz, kind="choice", choices=[" Paris ", "Lyon", "Nice"], answer="paris")
    assert b["choices"] == ["Paris", "Lyon", "Nice"] and b["correct_answer"] == "Paris" and b["position"] == 2
    c = new_question(me, quiz, "c", position=1)
    order = lambda: [q["id"] for q in walk(me, base + "?limit=2")]  # noqa: E731
    assert order() == [c["id"], a["id"], b["id"]]
    assert [q["position"] for q in me.get(base).json()["results"]] == [1, 2, 3]
    moved = me.put(base + f"{c['id']}/", {"content": "C", "kind": "text", "correct_answer": "c", "position": 3})
    assert moved.status_code == 200 and moved.json()["position"] == 3
    assert order() == [a["id"], b["id"], c["id"]]
    assert me.delete(base + f"{a['id']}/").status_code == 204
    assert order() == [b["id"], c["id"]]
    assert [q["position"] for q in me.get(base).json()["results"]] == [1, 2]
    assert me.get(f"/api/quizzes/{quiz['id']}/").json()["questions_count"] == 2
    assert_error(me.get(base + f"{a['id']}/"), 404, "not_found")


@pytest.mark.parametrize("body,field", [
    ({"kind": "choice", "choices": ["only"], "correct_answer": "only"}, "choices"),
    ({"kind": "choice", "choices": [f"c{i}" for i in range(11)], "correct_answer": "c1"}, "choices"),
    ({"kind": "choice", "choices": ["Yes", "YES "], "correct_answer": "Yes"}, "choices"),
    ({"kind": "choice", "choices": ["a", ""], "correct_answer": "a"}, "choices"),
    ({"kind": "choice", "choices": ["a", 1], "correct_answer": "a"}, "choices"),
    ({"kind": "choice", "correct_answer": "a"}, "choices"),
    ({"kind": "choice", "choices": ["a", "b"], "correct_answer": "c"}, "correct_answer"),
    ({"kind": "text", "choices": ["a", "b"], "correct_answer": "a"}, "choices"),
    ({"kind": "text"}, "correct_answer"),
    ({"kind": "quiz", "correct_answer": "a"}, "kind"),
    ({"kind": "text", "correct_answer": "a", "position": 0}, "position"),
    ({"kind": "text", "correct_answer": "a", "content": ""}, "content"),
])
def test_question_validation(teacher, quiz, body, field):
    me, _ = teacher
    r = me.post(f"/api/quizzes/{quiz['id']}/questions/", {"content": "Q?", **body})
    assert_error(r, 400, "validation_failed", fields={field})


def test_a_student_may_not_write_questions(student, teacher, quiz):
    me, _ = student
    q = new_question(teacher[0], quiz)
    base = f"/api/quizzes/{quiz['id']}/questions/"
    body = {"content": "Q", "kind": "text", "correct_answer": "mine"}
    assert_error(me.post(base, body), 403, "forbidden")
    assert_error(me.post(base, {}), 403, "forbidden")  # 403 before 400
    assert_error(me.put(base + f"{q['id']}/", body), 403, "forbidden")
    assert_error(me.delete(base + f"{q['id']}/"), 403, "forbidden")
    assert_error(me.post(f"/api/quizzes/{MISSING}/questions/", {}), 404, "not_found")
    assert_error(me.put(base + f"{MISSING}/", body), 404, "not_found")


def test_a_question_of_another_quiz_is_404(teacher, course, quiz):
    me, _ = teacher
    q = new_question(me, quiz)
    other = new_quiz(me, course, "Other")
    for r in [me.get(f"/api/quizzes/{other['id']}/questions/{q['id']}/"),
              me.put(f"/api/quizzes/{other['id']}/questions/{q['id']}/", {}),
              me.delete(f"/api/quizzes/{other['id']}/questions/{q['id']}/")]:
        assert_error(r, 404, "not_found")


def test_correct_answer_is_never_shown_to_students(student, teacher, admin, course, quiz):
    """Walks every response a student gets, error bodies included, for a `correct_answer` key."""
    me, body = student
    boss, _ = admin
    choice = new_question(teacher[0], quiz, kind="choice", choices=["Yes", "No"], answer="Yes")
    text = new_question(teacher[0], quiz, "secret")
    base = f"/api/quizzes/{quiz['id']}/"
    responses = [
        me.get(base), me.get("/api/quizzes/"), me.get(base + "questions/"), me.get(base + "questions/?limit=1"),
        me.get(base + f"questions/{choice['id']}/"), me.get(base + f"questions/{text['id']}/"),
        attempt(me, quiz, {choice["id"]: "No", text["id"]: "guess"}), attempt(me, quiz, {}),
        attempt(me, quiz, {MISSING: "x"}), attempt(me, quiz, {choice["id"]: 5}),
        me.get(base + "attempts/"), me.put(base + f"questions/{text['id']}/", {}),
        me.post(f"/api/courses/{course['id']}/completion/"),
        me.get(f"/api/users/{body['user']['id']}/courses/"),
    ]
    for r in responses:
        assert r.status_code < 500, r.text
        assert not has_key(r.json(), "correct_answer"), r.text
        assert "secret" not in r.text, r.text
    results = me.get(base + "questions/").json()["results"]
    assert len(results) == 2 and all(set(q) == QUESTION_KEYS for q in results)
    # The instructor and admins see it.
    assert teacher[0].get(base + f"questions/{text['id']}/").json()["correct_answer"] == "secret"
    assert all("correct_answer" in q for q in boss.get(base + "questions/").json()["results"])


# --- attempts ------------------------------------------------------------------------------------

def test_attempt_is_graded_on_the_server(student, teacher, quiz):
    me, _ = student
    q1 = new_question(teacher[0], quiz, "Straße")
    q2 = new_question(teacher[0], quiz, kind="choice", choices=["Œuvre", "Other"], answer="œuvre")
    q3 = new_question(teacher[0], quiz, "left out")
    r = me.post(f"/api/quizzes/{quiz['id']}/attempt/",
                {"answers": {str(q1["id"]): "  STRASSE ", str(q2["id"]): "ŒUVRE"}, "score": 3, "passed": True})
    assert r.status_code == 201, r.text
    result = r.json()
    assert set(result) == ATTEMPT_KEYS and result["quiz_id"] == quiz["id"]
    assert result["score"] == 2 and result["total"] == 3 and result["percent"] == 66.67 and result["passed"] is True
    assert result["results"] == [{"question_id": q1["id"], "correct": True}, {"question_id": q2["id"], "correct": True},
                                 {"question_id": q3["id"], "correct": False}]
    assert result["submitted_at"].endswith("Z")
    mine = me.get(f"/api/quizzes/{quiz['id']}/attempts/").json()
    assert mine == {"results": [result], "next": None}
    assert teacher[0].get(f"/api/quizzes/{quiz['id']}/attempts/").json()["results"] == []  # own attempts only


def test_attempt_needs_an_enrollment_but_not_for_the_instructor_or_an_admin(user, teacher, admin, quiz):
    outsider, _ = user
    q = new_question(teacher[0], quiz)
    assert_error(attempt(outsider, quiz, {q["id"]: "right"}), 403, "forbidden")
    assert_error(outsider.post(f"/api/quizzes/{quiz['id']}/attempt/", {"answers": 1}), 403, "forbidden")  # before 400
    assert_error(attempt(outsider, {"id": MISSING}, {}), 404, "not_found")
    assert attempt(teacher[0], quiz, {q["id"]: "right"}).status_code == 201
    assert attempt(admin[0], quiz, {q["id"]: "right"}).status_code == 201


@pytest.mark.parametrize("body", [
    {}, {"answers": None}, {"answers": []}, {"answers": "x"}, {"answers": {"abc": "x"}}, {"answers": {"01": "x"}},
    {"answers": {str(MISSING): "x"}}, {"answers": {"QID": 5}}, {"answers": {"QID": None}}, {"answers": {"QID": ["x"]}},
    {"answers": {"QID": "a\u0000b"}},
])
def test_attempt_refuses_bad_answers(student, teacher, quiz, body):
    q = new_question(teacher[0], quiz)
    if isinstance(body.get("answers"), dict):
        body = {"answers": {(str(q["id"]) if k == "QID" else k): v for k, v in body["answers"].items()}}
    r = student[0].post(f"/api/quizzes/{quiz['id']}/attempt/", body)
    assert_error(r, 400, "validation_failed", fields={"answers"})


def test_an_answer_to_a_question_of_another_quiz_is_400(student, teacher, course, quiz):
    new_question(teacher[0], quiz)
    foreign = new_question(teacher[0], new_quiz(teacher[0], course, "Other"))
    assert_error(attempt(student[0], quiz, {foreign["id"]: "right"}), 400, "validation_failed", fields={"answers"})


def test_attempts_past_max_attempts_are_409(student, teacher, course):
    quiz = new_quiz(teacher[0], course, max_attempts=1)
    q = new_question(teacher[0], quiz)
    assert attempt(student[0], quiz, {q["id"]: "wrong"}).status_code == 201
    assert_error(attempt(student[0], quiz, {q["id"]: "right"}), 409, "conflict")


def test_a_quiz_without_questions_cannot_be_attempted(student, quiz):
    assert_error(attempt(student[0], quiz, {}), 409, "conflict")


def test_max_attempts_race_gives_exactly_the_allowed_attempts(student, teacher, course):
    """Ten concurrent attempts at a quiz that allows three: exactly three are graded."""
    me, _ = student
    quiz = new_quiz(teacher[0], course, max_attempts=3)
    q = new_question(teacher[0], quiz)
    token = me.token
    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(lambda _: attempt(Client(token), quiz, {q["id"]: "right"}).status_code, range(10)))
    assert sorted(statuses) == [201] * 3 + [409] * 7, statuses
    assert len(me.get(f"/api/quizzes/{quiz['id']}/attempts/").json()["results"]) == 3


def test_my_attempts_page_newest_first(student, teacher, quiz):
    me, _ = student
    q = new_question(teacher[0], quiz)
    ids = [attempt(me, quiz, {q["id"]: a}).json()["id"] for a in ["right", "wrong", "RIGHT"]]
    listed = walk(me, f"/api/quizzes/{quiz['id']}/attempts/?limit=2")
    assert [a["id"] for a in listed] == ids[::-1]
    assert [a["passed"] for a in listed] == [True, False, True]
    assert_error(me.get(f"/api/quizzes/{MISSING}/attempts/"), 404, "not_found")


def test_question_routes_need_a_token_and_put_checks_the_body(client, teacher, quiz):
    me, _ = teacher
    q = new_question(me, quiz)
    path = f"/api/quizzes/{quiz['id']}/questions/{q['id']}/"
    for r in [client.get(path), client.put(path, {}), client.delete(path)]:
        assert_error(r, 401, "not_authenticated")
    assert_error(me.put(path, {"content": "Q", "kind": "choice", "choices": ["a", "b"], "correct_answer": "z"}), 400,
                 "validation_failed", fields={"correct_answer"})
    assert_error(me.put(path, {}), 400, "validation_failed", fields={"content", "kind", "correct_answer"})
    assert me.get(path).json() == q  # unchanged by the refused PUTs


def test_every_list_refuses_a_bad_limit_or_an_edited_cursor(user, teacher, quiz):
    me, body = user
    lists = ["/api/courses/", f"/api/users/{body['user']['id']}/courses/",
             f"/api/users/{body['user']['id']}/completed-courses/", "/api/quizzes/",
             f"/api/quizzes/{quiz['id']}/questions/", f"/api/quizzes/{quiz['id']}/attempts/"]
    for path in lists:
        for limit in ["0", "101", "x", "1.5"]:
            assert_error(me.get(f"{path}?limit={limit}"), 400, "validation_failed", fields={"limit"})
        assert_error(me.get(f"{path}?cursor=eyJpZCI6MX0.AAAAAAAAAAAAAAAAAAAAAA"), 400, "validation_failed",
                     fields={"cursor"})


def test_an_admin_manages_any_courses_quizzes_and_questions(admin, course):
    boss, _ = admin
    quiz = new_quiz(boss, course, "By the admin")
    q = new_question(boss, quiz, "admin's answer")
    path = f"/api/quizzes/{quiz['id']}/questions/{q['id']}/"
    r = boss.put(path, {"content": "Changed", "kind": "choice", "choices": ["x", "y"], "correct_answer": "Y"})
    assert r.status_code == 200 and r.json()["correct_answer"] == "y" and r.json()["kind"] == "choice"
    assert boss.delete(path).status_code == 204
    assert boss.delete(f"/api/quizzes/{quiz['id']}/").status_code == 204
