"""Courses, enrollments and completion (API.md sections 4, 7 and 12) over HTTP."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import Client, assert_error, register

COURSE_KEYS = {"id", "title", "description", "instructor", "created_at", "updated_at", "enrollments_count"}
ENROLLMENT_KEYS = {"course", "enrolled_at", "completed_at"}
MISSING = 999999999999


def new_course(client, title="Swift on the server", description="From scratch."):
    r = client.post("/api/courses/", {"title": title, "description": description})
    assert r.status_code == 201, r.text
    return r.json()


def new_quiz(client, course, title="Week 1", **fields):
    r = client.post("/api/quizzes/", {"course_id": course["id"], "title": title, **fields})
    assert r.status_code == 201, r.text
    return r.json()


def new_question(client, quiz, answer="right", **fields):
    body = {"content": "What?", "kind": "text", "correct_answer": answer, **fields}
    r = client.post(f"/api/quizzes/{quiz['id']}/questions/", body)
    assert r.status_code == 201, r.text
    return r.json()


def walk(client, path):
    """Every item of a paginated list, following `next`; asserts no page repeats an item."""
    seen, r = [], client.get(path)
    while True:
        assert r.status_code == 200, r.text
        body = r.json()
        seen += body["results"]
        if body["next"] is None:
            return seen
        r = client.get(body["next"])


@pytest.fixture
def teacher():
    return register()


@pytest.fixture
def course(teacher):
    return new_course(teacher[0])


# --- courses -----------------------------------------------------------------------------------

def test_create_makes_the_caller_instructor_and_ignores_read_only_fields(teacher):
    me, body = teacher
    r = me.post("/api/courses/", {"title": "  Swift  ", "description": " d ", "enrollments_count": 7,
                                  "instructor": 1, "id": 1, "enrolled": True})
    assert r.status_code == 201, r.text
    course = r.json()
    assert set(course) == COURSE_KEYS | {"enrolled", "completed"}
    assert course["title"] == "Swift" and course["description"] == "d" and course["enrollments_count"] == 0
    assert course["instructor"] == {"id": body["user"]["id"], "username": body["user"]["username"]}
    assert course["enrolled"] is False and course["completed"] is False
    assert course["created_at"].endswith("Z") and len(course["created_at"]) == 24


def test_anyone_reads_a_course_without_per_user_fields(client, teacher, course):
    me, _ = teacher
    anonymous = client.get(f"/api/courses/{course['id']}/")
    assert anonymous.status_code == 200
    assert set(anonymous.json()) == COURSE_KEYS
    assert me.get(f"/api/courses/{course['id']}").json() == course  # no trailing slash: the same
    listed = {c["id"]: c for c in client.get("/api/courses/?limit=100").json()["results"]}
    assert set(listed[course["id"]]) == COURSE_KEYS


@pytest.mark.parametrize("body,fields", [
    ({}, {"title"}), ({"title": ""}, {"title"}), ({"title": "   "}, {"title"}), ({"title": "x" * 201}, {"title"}),
    ({"title": 5}, {"title"}), ({"title": "ok", "description": None}, {"description"}),
    ({"title": "ok", "description": "x" * 10001}, {"description"}), ({"title": "a\u0000b"}, {"title"}),
])
def test_course_validation(teacher, body, fields):
    me, _ = teacher
    assert_error(me.post("/api/courses/", body), 400, "validation_failed", fields=fields)


def test_writes_need_a_token(client, course):
    path = f"/api/courses/{course['id']}/"
    assert_error(client.post("/api/courses/", {"title": "x"}), 401, "not_authenticated")
    assert_error(client.put(path, {"title": "x"}), 401, "not_authenticated")
    assert_error(client.delete(path), 401, "not_authenticated")
    assert_error(client.post(path + "enroll/"), 401, "not_authenticated")
    assert_error(client.post(path + "completion/"), 401, "not_authenticated")
    assert_error(client.post(f"/api/courses/{MISSING}/enroll/"), 401, "not_authenticated")  # 401 before 404
    assert_error(client.get(path, token="not.a.token"), 401, "token_invalid")  # even on a public route


def test_a_student_may_not_edit_or_delete_a_course(user, course):
    student, _ = user
    path = f"/api/courses/{course['id']}/"
    assert_error(student.put(path, {"title": "Mine now"}), 403, "forbidden")
    assert_error(student.put(path, {}), 403, "forbidden")  # 403 before 400
    assert_error(student.delete(path), 403, "forbidden")
    assert_error(student.put(f"/api/courses/{MISSING}/", {}), 404, "not_found")  # 404 before 403
    assert_error(student.delete(f"/api/courses/{MISSING}/"), 404, "not_found")


def test_instructor_and_admin_replace_and_delete(client, teacher, admin, course):
    me, _ = teacher
    boss, _ = admin
    path = f"/api/courses/{course['id']}/"
    r = me.put(path, {"title": "Renamed"})
    assert r.status_code == 200
    assert r.json()["title"] == "Renamed" and r.json()["description"] == ""  # PUT resets what it omits
    assert_error(me.put(path, {"description": "d"}), 400, "validation_failed", fields={"title"})
    r = boss.put(path, {"title": "By the admin", "description": "x"})
    assert r.status_code == 200 and r.json()["instructor"] == course["instructor"]
    assert boss.delete(path).status_code == 204
    assert_error(client.get(path), 404, "not_found")


def test_missing_and_non_canonical_course_ids_are_404(client, user):
    me, _ = user
    for path in [f"/api/courses/{MISSING}/", "/api/courses/0/", "/api/courses/01/", "/api/courses/abc/"]:
        assert_error(client.get(path), 404, "not_found")
    assert_error(me.post(f"/api/courses/{MISSING}/enroll/"), 404, "not_found")
    assert_error(me.post(f"/api/courses/{MISSING}/completion/"), 404, "not_found")


def test_unsupported_method_is_405_with_allow(client, course):
    r = client.patch(f"/api/courses/{course['id']}/", {"title": "x"})
    assert_error(r, 405, "method_not_allowed")
    assert r.headers["Allow"] == "GET, PUT, DELETE"
    assert client.get(f"/api/courses/{course['id']}/enroll/").headers.get("Allow") == "POST"


def test_list_is_newest_first_filters_and_pages(client, teacher):
    me, body = teacher
    word = "quokka%d" % body["user"]["id"]
    ids = [new_course(me, f"Course {i} about {word}s")["id"] for i in range(3)]
    listed = [c["id"] for c in walk(client, f"/api/courses/?instructor={body['user']['id']}&limit=2")]
    assert listed == ids[::-1]
    r = client.get(f"/api/courses/?instructor={body['user']['id']}&limit=2")
    assert f"instructor={body['user']['id']}" in r.json()["next"] and "limit=2" in r.json()["next"]
    assert {c["id"] for c in client.get(f"/api/courses/?search={word}s").json()["results"]} == set(ids)
    assert_error(client.get("/api/courses/?instructor=abc"), 400, "validation_failed", fields={"instructor"})
    assert_error(client.get("/api/courses/?limit=101"), 400, "validation_failed", fields={"limit"})
    assert_error(client.get("/api/courses/?cursor=eyJpZCI6MX0.AAAAAAAAAAAAAAAAAAAAAA"), 400, "validation_failed")


# --- enrolment -----------------------------------------------------------------------------------

def test_enrolment_is_idempotent(client, user, course):
    student, _ = user
    path = f"/api/courses/{course['id']}/"
    first = student.post(path + "enroll/")
    assert first.status_code == 201, first.text
    enrollment = first.json()
    assert set(enrollment) == ENROLLMENT_KEYS and enrollment["completed_at"] is None
    assert enrollment["course"]["id"] == course["id"] and enrollment["course"]["enrolled"] is True
    assert enrollment["course"]["enrollments_count"] == 1
    again = student.post(path + "enroll/", {"anything": 1})
    assert again.status_code == 200 and again.json() == enrollment
    assert client.get(path).json()["enrollments_count"] == 1
    assert student.get(path).json()["enrolled"] is True


def test_enrollments_count_is_exact_under_concurrent_enrolments(client, course):
    students = [register()[0] for _ in range(12)]
    path = f"/api/courses/{course['id']}/enroll/"
    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(lambda s: [s.post(path).status_code for _ in range(2)], students))
    assert statuses == [[201, 200]] * 12
    assert client.get(f"/api/courses/{course['id']}/").json()["enrollments_count"] == 12


def test_one_user_enrolling_concurrently_is_created_once(client, user, course):
    student, _ = user
    path = f"/api/courses/{course['id']}/enroll/"
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = sorted(pool.map(lambda _: student.post(path).status_code, range(6)))
    assert statuses == [200] * 5 + [201]
    assert client.get(f"/api/courses/{course['id']}/").json()["enrollments_count"] == 1


# --- completion ----------------------------------------------------------------------------------

def test_completion_needs_an_enrollment(user, course):
    student, _ = user
    assert_error(student.post(f"/api/courses/{course['id']}/completion/"), 409, "conflict")


def test_completion_names_the_quizzes_then_passes_after_a_passing_attempt(teacher, user, course):
    me, _ = teacher
    student, _ = user
    week1 = new_quiz(me, course, "Week 1")
    week2 = new_quiz(me, course, "Week 2", pass_mark=100)
    new_quiz(me, course, "No questions yet")  # quizzes without questions do not count
    q1 = new_question(me, week1, "Paris")
    q2 = new_question(me, week2, "Rome")
    path = f"/api/courses/{course['id']}/"
    assert student.post(path + "enroll/").status_code == 201
    error = assert_error(student.post(path + "completion/"), 409, "conflict")
    assert error["message"] == 'Pass these quizzes first: "Week 1", "Week 2".'
    assert student.post(f"/api/quizzes/{week1['id']}/attempt/", {"answers": {str(q1["id"]): " paris "}}).json()["passed"]
    failed = student.post(f"/api/quizzes/{week2['id']}/attempt/", {"answers": {str(q2["id"]): "Milan"}})
    assert failed.status_code == 201 and failed.json()["passed"] is False
    error = assert_error(student.post(path + "completion/"), 409, "conflict")
    assert error["message"] == 'Pass this quiz first: "Week 2".'
    assert student.post(f"/api/quizzes/{week2['id']}/attempt/", {"answers": {str(q2["id"]): "ROME"}}).json()["passed"]
    done = student.post(path + "completion/")
    assert done.status_code == 200, done.text
    assert done.json()["completed_at"] is not None and done.json()["course"]["completed"] is True
    again = student.post(path + "completion/")
    assert again.status_code == 200 and again.json()["completed_at"] == done.json()["completed_at"]
    assert student.get(path).json()["completed"] is True


# --- /api/users/{user_id}/courses/ ---------------------------------------------------------------

def test_users_courses_for_the_user_themselves(user, teacher):
    student, body = user
    me, _ = teacher
    courses = [new_course(me, f"C{i}") for i in range(3)]
    base = f"/api/users/{body['user']['id']}/courses/"
    r = student.post(base, {"course_id": courses[0]["id"], "user_id": 1})
    assert r.status_code == 201 and r.json()["course"]["id"] == courses[0]["id"]
    assert student.post(base, {"course_id": courses[0]["id"]}).status_code == 200
    for c in courses[1:]:
        assert student.post(f"/api/courses/{c['id']}/enroll/").status_code == 201
    listed = walk(student, base + "?limit=2")
    assert [e["course"]["id"] for e in listed] == [c["id"] for c in courses[::-1]]
    assert all(set(e) == ENROLLMENT_KEYS for e in listed)
    one = student.get(base + f"{courses[1]['id']}/")
    assert one.status_code == 200 and one.json()["course"]["id"] == courses[1]["id"]
    assert student.post(f"/api/courses/{courses[1]['id']}/completion/").status_code == 200
    completed = student.get(f"/api/users/{body['user']['id']}/completed-courses/").json()
    assert [e["course"]["id"] for e in completed["results"]] == [courses[1]["id"]] and completed["next"] is None
    assert student.delete(base + f"{courses[1]['id']}/").status_code == 204
    assert_error(student.get(base + f"{courses[1]['id']}/"), 404, "not_found")
    assert_error(student.delete(base + f"{courses[1]['id']}/"), 404, "not_found")
    assert student.get(f"/api/users/{body['user']['id']}/completed-courses/").json()["results"] == []
    again = student.post(f"/api/courses/{courses[1]['id']}/enroll/")
    assert again.status_code == 201 and again.json()["completed_at"] is None  # re-enrolling starts over


def test_another_users_enrollments_are_403_even_for_missing_users(user, course):
    student, body = user
    other, _ = register()
    assert student.post(f"/api/courses/{course['id']}/enroll/").status_code == 201
    base = f"/api/users/{body['user']['id']}/"
    for r in [other.get(base + "courses/"), other.post(base + "courses/", {"course_id": course["id"]}),
              other.post(base + "courses/", {}), other.get(base + f"courses/{course['id']}/"),
              other.delete(base + f"courses/{course['id']}/"), other.get(base + "completed-courses/"),
              other.get(f"/api/users/{MISSING}/courses/"), other.post(f"/api/users/{MISSING}/courses/", {}),
              other.get(f"/api/users/{MISSING}/courses/{MISSING}/"),
              other.delete(f"/api/users/{MISSING}/courses/{course['id']}/"),
              other.get(f"/api/users/{MISSING}/completed-courses/")]:
        assert_error(r, 403, "forbidden")
    assert other.get(base + f"courses/{course['id']}/").status_code == 403  # still enrolled, still private
    assert student.get(base + f"courses/{course['id']}/").status_code == 200


def test_users_courses_need_a_token(client, user):
    _, body = user
    base = f"/api/users/{body['user']['id']}/"
    for r in [client.get(base + "courses/"), client.post(base + "courses/", {}), client.get(base + "courses/1/"),
              client.delete(base + "courses/1/"), client.get(base + "completed-courses/")]:
        assert_error(r, 401, "not_authenticated")


def test_an_admin_sees_and_changes_anyones_enrollments(admin, user, course):
    boss, _ = admin
    student, body = user
    base = f"/api/users/{body['user']['id']}/courses/"
    r = boss.post(base, {"course_id": course["id"]})
    assert r.status_code == 201
    assert r.json()["course"]["enrolled"] is False  # the nested course shows the caller's own state
    assert [e["course"]["id"] for e in boss.get(base).json()["results"]] == [course["id"]]
    assert boss.get(base + f"{course['id']}/").status_code == 200
    assert boss.get(f"/api/users/{body['user']['id']}/completed-courses/").json()["results"] == []
    assert boss.delete(base + f"{course['id']}/").status_code == 204
    assert student.get(base).json()["results"] == []
    assert_error(boss.get(f"/api/users/{MISSING}/courses/"), 404, "not_found")
    assert_error(boss.post(f"/api/users/{MISSING}/courses/", {"course_id": course["id"]}), 404, "not_found")
    assert_error(boss.get(f"/api/users/{MISSING}/completed-courses/"), 404, "not_found")


@pytest.mark.parametrize("body", [{}, {"course_id": "1"}, {"course_id": 0}, {"course_id": MISSING},
                                  {"course_id": None}, {"course_id": 1.5}])
def test_users_courses_body_is_checked(user, body):
    student, me = user
    assert_error(student.post(f"/api/users/{me['user']['id']}/courses/", body), 400, "validation_failed",
                 fields={"course_id"})


def test_deleting_a_course_removes_its_enrollments_and_quizzes(teacher, user, course):
    me, _ = teacher
    student, body = user
    quiz = new_quiz(me, course)
    new_question(me, quiz)
    assert student.post(f"/api/courses/{course['id']}/enroll/").status_code == 201
    assert me.delete(f"/api/courses/{course['id']}/").status_code == 204
    assert student.get(f"/api/users/{body['user']['id']}/courses/").json()["results"] == []
    assert_error(student.get(f"/api/quizzes/{quiz['id']}/"), 404, "not_found")
    assert_error(student.get(f"/api/quizzes/{quiz['id']}/questions/"), 404, "not_found")


def test_deleting_the_instructors_account_removes_their_courses(client, course, teacher):
    me, _ = teacher
    assert me.delete("/api/auth/user/", {"password": "correct horse battery"}).status_code == 204
    assert_error(client.get(f"/api/courses/{course['id']}/"), 404, "not_found")
