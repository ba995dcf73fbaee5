"""The encrypted draft store, as a parent would notice it: answers come back whole, on any
device, only with the right code; nothing readable is left in the database; drafts go
away when they should; two tabs never spoil a draft; a broken database says so safely.

Every test runs on SQLite and on PostgreSQL (see tests/postgres.py)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import stat
import threading

import pytest
import sqlalchemy as sa

from prep.drafts import Access, Draft, DraftStore, DraftStoreUnavailable, drafts as drafts_table
from prep.resume_codes import ALPHABET, format_code
from prep.statement import Child, Statement

from .postgres import postgres_schema_url, postgres_server  # noqa: F401  (fixture)

TEST_SCRYPT_N = 2 ** 10  # cheap for tests; production uses the default
START = dt.datetime(2026, 6, 1, 9, 30, tzinfo=dt.timezone.utc)

DISTINCTIVE = "Zebra-lasagne-7731"
POLISH_NAME = "Łucja Wróblewska"


class FakeClock:
    def __init__(self, now: dt.datetime = START):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


def statement(tag: str = "", conference_date: str = "2026-07-20") -> Statement:
    """Every field filled, with text nobody would type by chance."""
    s = Statement(language="pl", large_print=True)
    s.about.your_name = POLISH_NAME
    s.about.relationship = "mother"
    s.about.children = [Child("Zofia Wróblewska", "7"), Child("", "unborn")]
    s.about.conference_type = "review"
    s.about.conference_date = conference_date
    s.about.social_worker = "Sam Okafor-Quill"
    s.about.attending = "no"
    s.about.views_put_by = "supporter"
    s.strengths.family_strengths = f"{DISTINCTIVE} every Sunday {tag}".strip()
    s.strengths.done_well = "Żółć gęślą jaźń: never late for school"
    s.strengths.want_known = "I finished the course <b>with a certificate</b> & I'm proud."
    s.worries.needs_to_change = "Less shouting; rent arrears of £400."
    s.worries.difficulties = "اردو میں بھی لکھ سکتی ہوں"
    s.worries.report_response = "Page 3 is wrong:\nI was in hospital on 12 March."
    s.support.support_needed = "Help with housing."
    s.support.how_it_helps = "Each child would have a bed."
    s.support.who_can_help = "My sister Ewa-Quokka-5512 on Mondays."
    s.next_steps.after_conference = "Weekly check-ins."
    s.next_steps.what_we_can_do = "See my GP about my mood."
    s.child_views.child_views = "Zofia says: “I want to stay at my school.”"
    s.supporter.name = "Ewa Kowalska-Narwhal"
    s.supporter.relationship = "Sister"
    s.supporter.contact = "07700 900123"
    s.supporter.chair_told = True
    s.needs.interpreter_language = "Polish"
    s.needs.access_needs = "Step-free access please."
    s.needs.childcare_needed = "Someone to collect Zofia at 3pm."
    s.helper.name = "Priya Shah-Ocelot"
    s.helper.role = "Family advocate"
    return s


SECRETS = [DISTINCTIVE, POLISH_NAME, "Wróblewska", "Zofia", "Ewa-Quokka-5512", "Okafor-Quill",
           "Kowalska-Narwhal", "Shah-Ocelot", "07700 900123", "اردو", "2026-07-20", "Żółć"]


# --- fixtures ------------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/db/drafts.sqlite3"
    else:
        server = request.getfixturevalue("postgres_server")
        with postgres_schema_url(server) as url:
            yield url


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def open_store(store_url, clock):
    """open_store() -> a DraftStore on this test's database; each call is another
    app instance (another process, or another device's server)."""
    opened = []

    def make(**kw):
        kw.setdefault("scrypt_n", TEST_SCRYPT_N)
        kw.setdefault("clock", clock)
        store = DraftStore(store_url, **kw)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.dispose()


@pytest.fixture
def store(open_store):
    return open_store()


def all_rows(store_url) -> list[dict]:
    engine = sa.create_engine(store_url)
    try:
        with engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(sa.text("SELECT * FROM drafts"))]
    finally:
        engine.dispose()


def raw_forms(text: str) -> list[bytes]:
    """The ways a string could sit in a file: UTF-8, UTF-16, JSON-escaped."""
    escaped = json.dumps(text)[1:-1]
    return [text.encode(), text.encode("utf-16-le"), text.encode("utf-16-be"), escaped.encode()]


def one_char_off(code: str) -> str:
    return code[:7] + ALPHABET[(ALPHABET.index(code[7]) + 1) % len(ALPHABET)] + code[8:]


# --- round trips ---------------------------------------------------------------------------


def test_create_save_load_keeps_every_answer_and_the_step(store):
    first = statement()
    access = store.create(first, "about-you")
    assert store.load(access) == Draft(first, "about-you")

    changed = statement("changed")
    changed.about.children.append(Child("Tomasz", "12"))
    changed.supporter.chair_told = None
    assert store.save(access, changed, "strengths") is True
    loaded = store.load(access)
    assert loaded.statement == changed and loaded.step_id == "strengths"
    assert loaded.statement is not changed  # an independent copy


def test_resume_on_another_device_restores_everything(store, open_store):
    access = store.create(statement(), "worries")
    code, _ = store.issue_code(access)

    other_device = open_store()  # a new store instance: another process or server
    for typed in (code, format_code(code), format_code(code).lower().replace("-", " ")):
        found = other_device.resume(typed)
        assert found is not None, typed
        new_access, draft = found
        assert draft == Draft(statement(), "worries")

    # Both devices now work on the same draft.
    assert other_device.save(new_access, statement("from the phone"), "support")
    assert store.load(store.resume(code)[0]).statement == statement("from the phone")


def test_wrong_codes_open_nothing(store):
    code, _ = store.issue_code(store.create(statement(), "strengths"))
    assert store.resume(one_char_off(code)) is None
    assert store.resume(code[::-1]) is None
    assert store.resume("ABCDE-FGHJK-MNPQR") is None
    for malformed in ("", "ABC", code + "A", code[:-1] + "0", code[:-1] + "O", None):
        assert store.resume(malformed) is None
    assert store.resume(code) is not None  # wrong tries do not lock the right code out


def test_a_new_code_replaces_the_old_one(store):
    access = store.create(statement(), "strengths")
    first_code, second_access = store.issue_code(access)
    # The cookie from before the code stops working too: the draft moved.
    assert store.load(access) is None
    assert store.save(access, statement("lost"), "worries") is False

    second_code, third_access = store.issue_code(second_access)
    assert second_code != first_code
    assert store.resume(first_code) is None
    assert store.load(second_access) is None
    assert store.resume(second_code)[1] == Draft(statement(), "strengths")
    assert store.load(third_access) == Draft(statement(), "strengths")
    assert len(all_rows_of(store)) == 1


def all_rows_of(store: DraftStore) -> list:
    with store._engine.connect() as conn:
        return conn.execute(sa.select(drafts_table)).all()


def test_issue_code_for_a_gone_draft_gives_none(store):
    access = store.create(statement(), "strengths")
    store.delete(access)
    assert store.issue_code(access) is None


def test_wrong_key_neither_reads_nor_overwrites(store):
    access = store.create(statement(), "strengths")
    forged = Access(access.draft_id, bytes(32))
    assert store.load(forged) is None
    assert store.save(forged, statement("vandal"), "helper") is False
    assert store.issue_code(forged) is None
    assert store.load(access) == Draft(statement(), "strengths")  # untouched
    for nonsense in (Access("not-an-id", access.key), Access(access.draft_id, b"short"), None):
        assert store.load(nonsense) is None
        assert store.save(nonsense, statement(), "x") is False


def test_a_ciphertext_moved_to_another_row_does_not_decrypt(store):
    mine = store.create(statement("mine"), "strengths")
    theirs = store.create(statement("theirs"), "worries")
    with store._engine.begin() as conn:
        row = conn.execute(sa.select(drafts_table).where(drafts_table.c.id == mine.draft_id)).one()
        conn.execute(sa.update(drafts_table).where(drafts_table.c.id == theirs.draft_id).values(
            salt=row.salt, nonce=row.nonce, ciphertext=row.ciphertext))
    # Even with the right key for that ciphertext, under another row id it does not open.
    assert store.load(Access(theirs.draft_id, mine.key)) is None
    assert store.load(theirs) is None


def test_every_save_uses_a_fresh_nonce(store):
    access = store.create(statement(), "strengths")
    before = all_rows_of(store)[0]
    assert store.save(access, statement(), "strengths")
    after = all_rows_of(store)[0]
    assert before.nonce != after.nonce and before.ciphertext != after.ciphertext
    assert len(after.nonce) == 12 and len(after.salt) == 16
    assert before.salt == after.salt  # same code, same key


# --- nothing readable in the database ------------------------------------------------------


def test_database_holds_no_typed_text_and_no_code(store, store_url, tmp_path):
    access = store.create(statement(), "strengths")
    store.save(access, statement("second save"), "worries")
    code, new_access = store.issue_code(access)
    store.save(new_access, statement("third save"), "support")
    store.create(statement("another family"), "helper")
    secrets_ = SECRETS + [code, format_code(code)]

    rows = all_rows(store_url)
    assert len(rows) == 2
    assert set(rows[0]) == {"id", "salt", "nonce", "ciphertext", "updated_at", "expires_at"}
    for row in rows:
        for column, value in row.items():
            as_bytes = bytes(value) if isinstance(value, (bytes, memoryview)) else str(value).encode()
            for secret in secrets_:
                for form in raw_forms(secret):
                    assert form not in as_bytes, (column, secret)
    assert {row["id"] for row in rows} != {code}

    if store_url.startswith("sqlite"):
        def file_bytes() -> bytes:
            return b"".join(p.read_bytes() for p in (tmp_path / "db").iterdir() if p.is_file())
        for moment in ("while open", "after closing"):
            raw = file_bytes()
            assert len(raw) > 1000, moment
            for secret in secrets_:
                for form in raw_forms(secret):
                    assert form not in raw, (moment, secret)
            store.dispose()


def test_sqlite_file_is_private(tmp_path, clock):
    store = DraftStore(f"sqlite:///{tmp_path}/new/folder/drafts.sqlite3", scrypt_n=TEST_SCRYPT_N, clock=clock)
    store.create(statement(), "strengths")
    folder = tmp_path / "new" / "folder"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "drafts.sqlite3").stat().st_mode) == 0o600
    store.dispose()


def test_keys_and_answers_are_not_printed():
    access = Access("ab" * 32, bytes(range(32)))
    assert repr(bytes(range(32))) not in repr(access)
    assert DISTINCTIVE not in repr(Draft(statement(), "strengths"))


def test_nothing_secret_is_logged(store, caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy")  # its statement log, off unless asked for
    store.dispose()  # new connections pick up the log level
    access = store.create(statement(), "strengths")
    store.save(access, statement(), "worries")
    store.load(access)
    code, new_access = store.issue_code(access)
    store.resume(format_code(code))
    store.resume(one_char_off(code))
    store.delete(new_access)
    store.purge()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "UPDATE drafts" in logged  # the statement log was on
    for secret in SECRETS + [code, format_code(code), access.key.hex(), new_access.key.hex()]:
        assert secret not in logged


# --- expiry --------------------------------------------------------------------------------


def test_a_draft_left_for_29_days_is_gone(store, clock):
    access = store.create(statement(conference_date=""), "strengths")
    code, access = store.issue_code(access)
    clock.advance(days=27)
    assert store.load(access) is not None  # still there after 27 days
    clock.advance(days=2)
    assert store.load(access) is None
    assert store.resume(code) is None
    assert all_rows_of(store) == []  # deleted on read, not just hidden


def test_resume_of_an_idle_draft_is_refused_and_deletes_it(store, clock):
    code, _ = store.issue_code(store.create(statement(conference_date=""), "strengths"))
    clock.advance(days=29)
    assert store.resume(code) is None
    assert all_rows_of(store) == []


def test_saving_keeps_a_draft_alive(store, clock):
    access = store.create(statement(conference_date=""), "strengths")
    for _ in range(3):
        clock.advance(days=20)
        assert store.save(access, statement(conference_date=""), "worries")
    assert store.load(access) is not None  # 60 days after it was started


def test_saving_an_expired_draft_fails_and_deletes_it(store, clock):
    access = store.create(statement(conference_date=""), "strengths")
    clock.advance(days=29)
    assert store.save(access, statement(conference_date=""), "worries") is False
    assert all_rows_of(store) == []


def test_purge_deletes_expired_drafts_and_leaves_fresh_ones(store, clock):
    for i in range(2):
        store.create(statement(str(i), conference_date=""), "strengths")
    clock.advance(days=29)
    fresh = store.create(statement("fresh", conference_date=""), "strengths")
    assert store.purge() == 2
    assert store.purge() == 0
    assert store.load(fresh) == Draft(statement("fresh", conference_date=""), "strengths")


def test_the_meeting_date_ends_a_draft_even_if_recently_saved(store, clock):
    today = clock().date()
    meeting = (today + dt.timedelta(days=10)).isoformat()
    access = store.create(statement(conference_date=meeting), "strengths")
    clock.advance(days=23)  # 13 days after the meeting: still there, and saved again
    assert store.save(access, statement(conference_date=meeting), "worries")
    assert store.load(access) is not None
    clock.advance(days=2)  # 15 days after the meeting, saved 2 days ago
    assert store.load(access) is None


def test_a_meeting_date_long_past_does_not_delete_the_draft_on_save(store, clock):
    # Often a typing slip (last year for this year): the parent is told gently and
    # can fix it, so the idle limit alone applies rather than losing everything.
    past = (clock().date() - dt.timedelta(days=15)).isoformat()
    access = store.create(statement(conference_date=past), "strengths")
    assert store.purge() == 0
    assert store.load(access) is not None
    clock.advance(days=store.idle_days + 1)
    assert store.load(access) is None


def test_expiry_is_stored_as_the_sooner_of_the_two_limits(store, store_url, clock):
    far = (clock().date() + dt.timedelta(days=100)).isoformat()
    near = (clock().date() + dt.timedelta(days=3)).isoformat()
    store.create(statement("far", conference_date=far), "strengths")
    store.create(statement("near", conference_date=near), "strengths")
    expiries = sorted(row.expires_at for row in all_rows_of(store))
    assert expiries == [dt.datetime.combine(clock().date() + dt.timedelta(days=17), dt.time(), dt.timezone.utc),
                        clock() + dt.timedelta(days=28)]
    assert all(row.updated_at == clock() for row in all_rows_of(store))


def test_other_limits_from_settings(open_store, clock):
    store = open_store(idle_days=1, days_after_conference=0)
    access = store.create(statement(conference_date=""), "strengths")
    clock.advance(hours=23)
    assert store.load(access) is not None
    clock.advance(hours=2)
    assert store.load(access) is None


# --- delete --------------------------------------------------------------------------------


def test_delete_by_access_or_by_id(store):
    first = store.create(statement(), "strengths")
    code, second = store.issue_code(store.create(statement(), "strengths"))
    store.delete(first)
    store.delete(second.draft_id)
    assert store.load(first) is None and store.load(second) is None
    assert store.resume(code) is None
    assert all_rows_of(store) == []
    store.delete(first)  # already gone: nothing happens
    store.delete("nonsense")


# --- two tabs ------------------------------------------------------------------------------


def test_two_tabs_saving_at_once_never_spoil_the_draft(open_store):
    first_instance, second_instance = open_store(), open_store()  # e.g. two app processes
    access = first_instance.create(statement("start"), "about-you")
    versions = {f"tab {i}": statement(f"tab {i} " + "x" * (300 * i)) for i in range(6)}
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(versions))

    def tab(name: str, i: int) -> None:
        target = first_instance if i % 2 else second_instance
        try:
            barrier.wait()
            for _ in range(15):
                assert target.save(access, versions[name], name)
                assert target.load(access).statement in versions.values()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=tab, args=(name, i)) for i, name in enumerate(versions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors[:3]
    final = first_instance.load(access)
    assert final is not None
    assert versions[final.step_id] == final.statement  # one whole save, not a mixture


def test_a_save_racing_a_new_code_never_loses_the_draft(store):
    access = store.create(statement("start"), "about-you")
    results: dict[str, object] = {}

    def save_many():
        results["saves"] = [store.save(access, statement("tab"), "worries") for _ in range(20)]

    def issue():
        results["issued"] = store.issue_code(access)

    threads = [threading.Thread(target=save_many), threading.Thread(target=issue)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    code, new_access = results["issued"]
    saves = results["saves"]
    # Every save that said "saved" is in the draft under the new code...
    draft = store.resume(code)[1]
    assert draft.statement == (statement("tab") if any(saves) else statement("start"))
    assert store.load(new_access) == draft
    # ...and once the draft has moved, saves with the old access fail (the caller starts afresh).
    assert saves == sorted(saves, reverse=True)
    assert len(all_rows_of(store)) == 1  # the old row went with the old code


# --- a database that cannot be used --------------------------------------------------------


def assert_unavailable(store: DraftStore, access: Access | None = None) -> None:
    access = access or Access("ab" * 32, bytes(32))
    calls = [lambda: store.create(statement(), "strengths"), lambda: store.save(access, statement(), "x"),
             lambda: store.load(access), lambda: store.issue_code(access),
             lambda: store.resume("ABCDE-FGHJK-MNPQR"), lambda: store.delete(access), store.purge]
    for call in calls:
        with pytest.raises(DraftStoreUnavailable) as caught:
            call()
        told = f"{caught.value} {caught.value.__cause__}"
        for secret in SECRETS + ["ABCDEFGHJKMNPQR", "ABCDE-FGHJK-MNPQR"]:
            assert secret not in told


def test_unreachable_postgresql_says_so():
    store = DraftStore("postgresql+psycopg://x@127.0.0.1:1/x", scrypt_n=TEST_SCRYPT_N)  # starting does not fail
    assert_unavailable(store)
    store.dispose()


def test_sqlite_in_a_folder_that_cannot_be_made(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    store = DraftStore(f"sqlite:///{blocker}/drafts/drafts.sqlite3", scrypt_n=TEST_SCRYPT_N, clock=FakeClock())
    assert_unavailable(store)
    # When the folder can be made, the same store works without a restart.
    blocker.unlink()
    access = store.create(statement(), "strengths")
    assert store.load(access) == Draft(statement(), "strengths")
    store.dispose()


def test_sqlite_on_a_read_only_disk(tmp_path):
    path = tmp_path / "drafts.sqlite3"
    writable = DraftStore(f"sqlite:///{path}", scrypt_n=TEST_SCRYPT_N, clock=FakeClock())
    access = writable.create(statement(), "strengths")
    writable.dispose()
    read_only = DraftStore(f"sqlite:///file:{path}?mode=ro&uri=true", scrypt_n=TEST_SCRYPT_N, clock=FakeClock())
    with pytest.raises(DraftStoreUnavailable):
        read_only.save(access, statement("new"), "worries")
    with pytest.raises(DraftStoreUnavailable):
        read_only.create(statement(), "strengths")
    read_only.dispose()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_sqlite_in_a_read_only_folder(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert_unavailable(DraftStore(f"sqlite:///{folder}/drafts.sqlite3", scrypt_n=TEST_SCRYPT_N))
    finally:
        folder.chmod(0o700)


# --- settings ------------------------------------------------------------------------------


def test_scrypt_cost_must_be_a_power_of_two(tmp_path):
    with pytest.raises(ValueError):
        DraftStore(f"sqlite:///{tmp_path}/d.sqlite3", scrypt_n=1000)


def test_default_scrypt_cost_is_the_documented_one():
    import inspect
    assert inspect.signature(DraftStore).parameters["scrypt_n"].default == 2 ** 15


def test_clock_must_be_aware(tmp_path):
    store = DraftStore(f"sqlite:///{tmp_path}/d.sqlite3", scrypt_n=TEST_SCRYPT_N, clock=dt.datetime.utcnow)
    with pytest.raises(ValueError):
        store.create(statement(), "strengths")
    store.dispose()


def test_the_default_url_is_a_sqlite_file_under_instance():
    import inspect
    assert inspect.signature(DraftStore).parameters["url"].default == "sqlite:///instance/drafts.sqlite3"


def test_tables_are_created_once_per_database(store_url, open_store):
    first = open_store()
    access = first.create(statement(), "strengths")
    second = open_store()  # create_all again on an existing table: nothing lost
    assert second.load(access) == Draft(statement(), "strengths")
