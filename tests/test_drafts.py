"""The encrypted draft store, as a parent would notice it: answers come back whole, on any
device, only with the right code; nothing readable is left in the database (not even in
SQLite's log after a delete); drafts go away when they should; two tabs never lose each
other's saves; a broken database says so safely.

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

from prep.database import Database, browser_sessions, phone_unlocks, sealed_drafts
from prep.drafts import Access, Draft, DraftStore, DraftStoreUnavailable
from prep.keys import ServerKeys
from prep.resume_codes import ALPHABET, format_code
from prep.statement import Child, Statement

from .postgres import postgres_schema_url, postgres_server  # noqa: F401  (fixture)

TEST_SCRYPT_N = 2 ** 10  # cheap for tests; production uses the default
START = dt.datetime(2026, 6, 1, 9, 30, tzinfo=dt.timezone.utc)
SERVER_KEY = "server-key-for-the-draft-tests-0123456789"

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
    s.support.who_can_help = "My sister Ewa-Quokka-5512 on Mondays."
    s.child_views.child_views = "Zofia says: “I want to stay at my school.”"
    s.supporter.name = "Ewa Kowalska-Narwhal"
    s.supporter.contact = "07700 900123"
    s.supporter.chair_told = True
    s.needs.interpreter_language = "Polish"
    s.helper.name = "Priya Shah-Ocelot"
    return s


SECRETS = [DISTINCTIVE, POLISH_NAME, "Wróblewska", "Zofia", "Ewa-Quokka-5512", "Okafor-Quill",
           "Kowalska-Narwhal", "Shah-Ocelot", "07700 900123", "اردو", "2026-07-20", "Żółć"]


def draft(tag: str = "", step: str = "strengths", **kw) -> Draft:
    return Draft(statement(tag, **kw), step_id=step)


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

    def make(secret: str = SERVER_KEY, **kw):
        kw.setdefault("scrypt_n", TEST_SCRYPT_N)
        kw.setdefault("clock", clock)
        db = Database(store_url)
        opened.append(db)
        return DraftStore(db, ServerKeys(secret), **kw)

    yield make
    for db in opened:
        db.dispose()


@pytest.fixture
def store(open_store):
    return open_store()


def rows(store: DraftStore, table=sealed_drafts) -> list:
    with store.db.engine.connect() as conn:
        return conn.execute(sa.select(table)).all()


def raw_forms(text: str) -> list[bytes]:
    """The ways a string could sit in a file: UTF-8, UTF-16, JSON-escaped."""
    escaped = json.dumps(text)[1:-1]
    return [text.encode(), text.encode("utf-16-le"), text.encode("utf-16-be"), escaped.encode()]


def one_char_off(code: str) -> str:
    return code[:7] + ALPHABET[(ALPHABET.index(code[7]) + 1) % len(ALPHABET)] + code[8:]


def save(store: DraftStore, access: Access, new: Draft) -> bool:
    with store.edit(access) as current:
        if current is None:
            return False
        current.statement, current.step_id = new.statement, new.step_id
    return True


# --- round trips ---------------------------------------------------------------------------


def test_create_edit_load_keeps_every_answer_and_the_step(store):
    access = store.create(draft())
    loaded = store.load(access)
    assert loaded.statement == statement() and loaded.step_id == "strengths" and loaded.version == 1

    changed = statement("changed")
    changed.about.children.append(Child("Tomasz", "12"))
    assert save(store, access, Draft(changed, step_id="worries"))
    loaded = store.load(access)
    assert loaded.statement == changed and loaded.step_id == "worries"
    assert loaded.version == 2  # every save counts: pages use it to tell two tabs apart


def test_what_the_journey_keeps_beside_the_answers_comes_back(store):
    kept = draft()
    kept.visited = ["about-you", "children"]
    kept.pending = {"conference": {"values": {"conference_date-day": "31"}, "problems": ["conference_date"]}}
    kept.conflicts = {"strengths": {"done_well": {"saved": "one", "typed": "two"}}}
    access = store.create(kept)
    loaded = store.load(access)
    assert (loaded.visited, loaded.pending, loaded.conflicts) == (kept.visited, kept.pending, kept.conflicts)


def test_resume_on_another_device_restores_everything(store, open_store):
    access = store.create(draft(step="worries"))
    code = store.issue_code(access)

    other_device = open_store()  # a new store instance: another process or server
    for typed in (code, format_code(code), format_code(code).lower().replace("-", " ")):
        found = other_device.resume(typed)
        assert found is not None, typed
        new_access, resumed = found
        assert resumed.statement == statement() and resumed.step_id == "worries" and resumed.code_issued

    # Both devices now work on the same draft.
    assert save(other_device, new_access, draft("from the phone", step="support"))
    assert store.load(access).statement == statement("from the phone")


def test_a_code_only_works_with_the_servers_key(store, open_store):
    code = store.issue_code(store.create(draft()))
    assert open_store(secret="another-server-key-0123456789-abcdef").resume(code) is None
    assert open_store().resume(code) is not None


def test_wrong_codes_open_nothing(store):
    code = store.issue_code(store.create(draft()))
    assert store.resume(one_char_off(code)) is None
    assert store.resume(code[::-1]) is None
    assert store.resume("ABCDE-FGHJK-MNPQR") is None
    for malformed in ("", "ABC", code + "A", code[:-1] + "0", code[:-1] + "O", None):
        assert store.resume(malformed) is None
    assert store.resume(code) is not None  # wrong tries do not lock the right code out


def test_a_new_code_replaces_the_old_one(store):
    access = store.create(draft())
    first_code = store.issue_code(access)
    second_code = store.issue_code(access)
    assert second_code != first_code
    assert store.resume(first_code) is None
    assert store.resume(second_code)[1].statement == statement()
    assert store.load(access) is not None  # the pages in use keep working
    assert len(rows(store)) == 1


def test_issue_code_for_a_gone_draft_gives_none(store):
    access = store.create(draft())
    store.delete(access.draft_id)
    assert store.issue_code(access) is None


def test_wrong_key_neither_reads_nor_overwrites(store):
    access = store.create(draft())
    forged = Access(access.draft_id, bytes(32))
    assert store.load(forged) is None
    assert save(store, forged, draft("vandal")) is False
    assert store.issue_code(forged) is None
    assert store.load(access).statement == statement()  # untouched
    for nonsense in (Access("not-an-id", access.key), Access(access.draft_id, b"short"), None):
        assert store.load(nonsense) is None
        assert save(store, nonsense, draft()) is False


def test_sealed_answers_moved_to_another_row_do_not_open(store):
    mine = store.create(draft("mine"))
    theirs = store.create(draft("theirs"))
    with store.db.engine.begin() as conn:
        row = conn.execute(sa.select(sealed_drafts).where(sealed_drafts.c.id == mine.draft_id)).one()
        conn.execute(sa.update(sealed_drafts).where(sealed_drafts.c.id == theirs.draft_id).values(sealed=row.sealed))
    # Even with the right key for those answers, under another row id they do not open.
    assert store.load(Access(theirs.draft_id, mine.key)) is None
    assert store.load(theirs) is None


def test_every_save_uses_a_fresh_nonce(store):
    access = store.create(draft())
    before = rows(store)[0]
    assert save(store, access, draft())
    after = rows(store)[0]
    assert before.sealed[:12] != after.sealed[:12] and before.sealed != after.sealed


# --- nothing readable in the database ------------------------------------------------------


def test_database_holds_no_typed_text_no_code_and_no_key(store, store_url, tmp_path):
    access = store.create(draft())
    save(store, access, draft("second save"))
    code = store.issue_code(access)
    save(store, access, draft("third save"))
    other = store.create(draft("another family"))
    secrets_ = SECRETS + [code, format_code(code)]
    keys = [access.key, other.key]

    assert {c.name for c in sealed_drafts.columns} == {"id", "code_lookup", "code_salt", "code_wrap", "sealed",
                                                       "expires_on"}
    found = rows(store)
    assert len(found) == 2
    for row in found:
        for column, value in row._mapping.items():
            as_bytes = bytes(value) if isinstance(value, (bytes, memoryview)) else str(value).encode()
            for secret in secrets_:
                for form in raw_forms(secret):
                    assert form not in as_bytes, (column, secret)
            for key in keys:
                assert key not in as_bytes and key.hex().encode() not in as_bytes, column
    # The row is found by an HMAC under a server key: not the code, nor a plain hash of it.
    import hashlib
    assert all(row.code_lookup != hashlib.sha256(code.encode()).hexdigest() for row in found)

    if store_url.startswith("sqlite"):
        def file_bytes() -> bytes:
            return b"".join(p.read_bytes() for p in (tmp_path / "db").iterdir() if p.is_file())
        for moment in ("while open", "after closing"):
            raw = file_bytes()
            assert len(raw) > 1000, moment
            for secret in secrets_:
                for form in raw_forms(secret):
                    assert form not in raw, (moment, secret)
            for key in keys:
                assert key not in raw
            store.db.dispose()


def test_times_are_days_and_sizes_are_buckets(store):
    short = store.create(Draft(Statement(), step_id="about-you"))
    longer = Statement()
    longer.strengths.family_strengths = "x" * 2500
    medium = store.create(Draft(longer, step_id="strengths"))
    sizes = {row.id: len(row.sealed) for row in rows(store)}
    # A few letters or 2,500 of them: the same size on disk.
    assert sizes[short.draft_id] == sizes[medium.draft_id]
    assert all(isinstance(row.expires_on, dt.date) and not isinstance(row.expires_on, dt.datetime)
               for row in rows(store))


def test_a_deleted_draft_leaves_nothing_in_the_sqlite_files(tmp_path, clock):
    """After "Delete my answers", the sealed bytes are in neither the database file nor
    its write-ahead log (secure_delete + a checkpoint)."""
    folder = tmp_path / "db"
    db = Database(f"sqlite:///{folder}/drafts.sqlite3")
    store = DraftStore(db, ServerKeys(SERVER_KEY), scrypt_n=TEST_SCRYPT_N, clock=clock)
    access = store.create(draft())
    store.issue_code(access)
    sealed = bytes(rows(store)[0].sealed)
    wrapped = bytes(rows(store)[0].code_wrap)

    def on_disk() -> bytes:
        return b"".join(p.read_bytes() for p in folder.iterdir() if p.is_file())

    assert sealed[20:52] in on_disk()  # it was there (so the search below can find it)
    store.delete(access.draft_id)
    raw = on_disk()
    assert sealed[20:52] not in raw and sealed[-32:] not in raw and wrapped[-32:] not in raw
    db.dispose()


def test_sqlite_file_is_private(tmp_path, clock):
    db = Database(f"sqlite:///{tmp_path}/new/folder/drafts.sqlite3")
    DraftStore(db, ServerKeys(SERVER_KEY), scrypt_n=TEST_SCRYPT_N, clock=clock).create(draft())
    folder = tmp_path / "new" / "folder"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "drafts.sqlite3").stat().st_mode) == 0o600
    db.dispose()


def test_keys_and_answers_are_not_printed():
    access = Access("ab" * 16, bytes(range(32)))
    assert repr(bytes(range(32))) not in repr(access)
    assert DISTINCTIVE not in repr(draft())
    assert SERVER_KEY not in repr(ServerKeys(SERVER_KEY))


def test_nothing_secret_is_logged(store, caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy")  # its statement log, off unless asked for
    store.db.dispose()  # new connections pick up the log level
    access = store.create(draft())
    save(store, access, draft())
    store.load(access)
    code = store.issue_code(access)
    store.resume(format_code(code))
    store.resume(one_char_off(code))
    store.delete(access.draft_id)
    store.purge()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "UPDATE sealed_drafts" in logged  # the statement log was on
    for secret in SECRETS + [code, format_code(code), access.key.hex()]:
        assert secret not in logged


# --- expiry --------------------------------------------------------------------------------


def test_a_draft_left_for_29_days_is_gone(store, clock):
    access = store.create(draft(conference_date=""))
    code = store.issue_code(access)
    clock.advance(days=28)
    assert store.load(access) is not None  # still there after 28 days
    clock.advance(days=1)
    assert store.load(access) is None
    assert store.resume(code) is None
    assert rows(store) == []  # deleted on read, not just hidden


def test_resume_of_an_idle_draft_is_refused_and_deletes_it(store, clock):
    code = store.issue_code(store.create(draft(conference_date="")))
    clock.advance(days=30)
    assert store.resume(code) is None
    assert rows(store) == []


def test_saving_keeps_a_draft_alive(store, clock):
    access = store.create(draft(conference_date=""))
    for _ in range(3):
        clock.advance(days=20)
        assert save(store, access, draft(conference_date=""))
    assert store.load(access) is not None  # 60 days after it was started


def test_saving_an_expired_draft_fails(store, clock):
    access = store.create(draft(conference_date=""))
    clock.advance(days=30)
    assert save(store, access, draft(conference_date="")) is False


def test_purge_deletes_expired_drafts_with_what_opens_them(store, clock):
    for i in range(2):
        gone = store.create(draft(str(i), conference_date=""))
    with store.db.write() as conn:  # a session and a phone unlock of the last one
        conn.execute(sa.insert(browser_sessions).values(id="s" * 64, draft_id=gone.draft_id, sealed=b"x" * 40,
                                                        started_at=clock(), seen_at=clock()))
        conn.execute(sa.insert(phone_unlocks).values(id="p" * 64, draft_id=gone.draft_id, salt=b"s" * 16,
                                                     sealed=b"x" * 40, tries_left=5, expires_on=START.date()))
    clock.advance(days=30)
    fresh = store.create(draft("fresh", conference_date=""))
    assert store.purge() == 2
    assert store.purge() == 0
    assert store.load(fresh).statement == statement("fresh", conference_date="")
    assert rows(store, browser_sessions) == [] and rows(store, phone_unlocks) == []


def test_the_meeting_date_ends_a_draft_even_if_recently_saved(store, clock):
    today = clock().date()
    meeting = (today + dt.timedelta(days=10)).isoformat()
    access = store.create(draft(conference_date=meeting))
    clock.advance(days=23)  # 13 days after the meeting: still there, and saved again
    assert save(store, access, draft(conference_date=meeting))
    assert store.load(access) is not None
    clock.advance(days=2)  # 15 days after the meeting, saved 2 days ago
    assert store.load(access) is None


def test_a_meeting_date_long_past_does_not_delete_the_draft_on_save(store, clock):
    # Often a typing slip (last year for this year): the parent is told gently and
    # can fix it, so the idle limit alone applies rather than losing everything.
    past = (clock().date() - dt.timedelta(days=15)).isoformat()
    access = store.create(draft(conference_date=past))
    assert store.purge() == 0
    assert store.load(access) is not None
    clock.advance(days=store.idle_days + 1)
    assert store.load(access) is None


def test_expiry_is_stored_as_the_sooner_of_the_two_limits(store, clock):
    far = (clock().date() + dt.timedelta(days=100)).isoformat()
    near = (clock().date() + dt.timedelta(days=3)).isoformat()
    store.create(draft("far", conference_date=far))
    store.create(draft("near", conference_date=near))
    assert sorted(row.expires_on for row in rows(store)) == [clock().date() + dt.timedelta(days=17),
                                                             clock().date() + dt.timedelta(days=29)]


def test_other_limits_from_settings(open_store, clock):
    store = open_store(idle_days=1, days_after_conference=0)
    access = store.create(draft(conference_date=""))
    clock.advance(hours=30)
    assert store.load(access) is not None
    clock.advance(days=1)
    assert store.load(access) is None


# --- delete --------------------------------------------------------------------------------


def test_delete_takes_the_code_and_everything_that_opens_it(store):
    first = store.create(draft())
    second = store.create(draft())
    code = store.issue_code(second)
    store.delete(first.draft_id)
    store.delete(second.draft_id)
    assert store.load(first) is None and store.load(second) is None
    assert store.resume(code) is None
    assert rows(store) == []
    store.delete(first.draft_id)  # already gone: nothing happens
    store.delete("nonsense")


# --- two tabs ------------------------------------------------------------------------------


def test_saves_from_two_tabs_at_once_are_all_kept(open_store):
    """Each save reads, changes and writes the draft in one transaction, so saves from
    several tabs (on several app processes) at the same moment never lose one another."""
    first_instance, second_instance = open_store(), open_store()
    access = first_instance.create(Draft(Statement(), step_id="children"))
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def tab(i: int) -> None:
        target = first_instance if i % 2 else second_instance
        try:
            barrier.wait()
            for n in range(5):
                with target.edit(access) as current:
                    current.statement.about.children.append(Child(f"tab {i} save {n}", "1"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=tab, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors[:3]
    final = first_instance.load(access)
    assert len(final.statement.about.children) == 20  # not one save lost
    assert final.version == 21


def test_a_new_code_racing_saves_loses_nothing(store):
    access = store.create(draft("start"))
    results: dict[str, object] = {}

    def save_many():
        results["saves"] = [save(store, access, draft("tab", step="worries")) for _ in range(20)]

    def issue():
        results["code"] = store.issue_code(access)

    threads = [threading.Thread(target=save_many), threading.Thread(target=issue)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(results["saves"])
    resumed = store.resume(results["code"])[1]
    assert resumed.statement == statement("tab") and resumed.code_issued
    assert len(rows(store)) == 1


# --- a database that cannot be used --------------------------------------------------------


def assert_unavailable(store: DraftStore) -> None:
    access = Access("ab" * 16, bytes(32))
    calls = [lambda: store.create(draft()), lambda: save(store, access, draft()),
             lambda: store.load(access), lambda: store.issue_code(access),
             lambda: store.resume("ABCDE-FGHJK-MNPQR"), lambda: store.delete(access.draft_id), store.purge]
    for call in calls:
        with pytest.raises(DraftStoreUnavailable) as caught:
            call()
        told = f"{caught.value} {caught.value.__cause__}"
        for secret in SECRETS + ["ABCDEFGHJKMNPQR", "ABCDE-FGHJK-MNPQR"]:
            assert secret not in told


def store_at(url: str) -> DraftStore:
    return DraftStore(Database(url), ServerKeys(SERVER_KEY), scrypt_n=TEST_SCRYPT_N, clock=FakeClock())


def test_unreachable_postgresql_says_so():
    store = store_at("postgresql+psycopg://x@127.0.0.1:1/x")  # starting does not fail
    assert_unavailable(store)
    store.db.dispose()


def test_sqlite_in_a_folder_that_cannot_be_made(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    store = store_at(f"sqlite:///{blocker}/drafts/drafts.sqlite3")
    assert_unavailable(store)
    # When the folder can be made, the same store works without a restart.
    blocker.unlink()
    access = store.create(draft())
    assert store.load(access).statement == statement()
    store.db.dispose()


def test_sqlite_on_a_read_only_disk(tmp_path):
    path = tmp_path / "drafts.sqlite3"
    writable = store_at(f"sqlite:///{path}")
    access = writable.create(draft())
    writable.db.dispose()
    read_only = store_at(f"sqlite:///file:{path}?mode=ro&uri=true")
    with pytest.raises(DraftStoreUnavailable):
        save(read_only, access, draft("new"))
    with pytest.raises(DraftStoreUnavailable):
        read_only.create(draft())
    read_only.db.dispose()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_sqlite_in_a_read_only_folder(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert_unavailable(store_at(f"sqlite:///{folder}/drafts.sqlite3"))
    finally:
        folder.chmod(0o700)


# --- settings ------------------------------------------------------------------------------


def test_scrypt_cost_must_be_a_power_of_two(tmp_path):
    with pytest.raises(ValueError):
        DraftStore(Database(f"sqlite:///{tmp_path}/d.sqlite3"), ServerKeys(SERVER_KEY), scrypt_n=1000)


def test_default_scrypt_cost_is_the_documented_one():
    import inspect
    assert inspect.signature(DraftStore).parameters["scrypt_n"].default == 2 ** 15


def test_clock_must_be_aware(tmp_path):
    store = DraftStore(Database(f"sqlite:///{tmp_path}/d.sqlite3"), ServerKeys(SERVER_KEY), scrypt_n=TEST_SCRYPT_N,
                       clock=lambda: dt.datetime(2026, 1, 1))
    with pytest.raises(ValueError):
        store.create(draft())
    store.db.dispose()


def test_a_short_server_key_is_refused():
    with pytest.raises(ValueError):
        ServerKeys("short")


def test_tables_are_created_once_per_database(open_store):
    first = open_store()
    access = first.create(draft())
    second = open_store()  # create_all again on existing tables: nothing lost
    assert second.load(access).statement == statement()


# --- the outbox goes with the draft ---------------------------------------------------------------


class _Recorder:
    def __init__(self):
        self.sent = []

    def deliver(self, envelope, message, message_id):
        self.sent.append(message_id)


def test_delete_and_purge_take_the_drafts_unsent_messages_with_them(store, clock):
    """A statement waiting in the outbox is deleted with its draft (Delete, or expiry), and
    one sender at a time takes a message (the take is one conditional UPDATE on either database)."""
    from prep.database import outbox as outbox_table
    from prep.mail import Envelope
    from prep.outbox import Outbox

    recorder = _Recorder()
    box = Outbox(store.db, store.keys, recorder, clock=clock)
    kept, deleted, expiring = (store.create(draft(tag)) for tag in ("kept", "deleted", "expiring"))
    for access in (kept, deleted, expiring):
        assert box.put(box.row_id(access.draft_id, "t" * 32), access.draft_id, Envelope("a@b.example", ("c@d.example",)),
                       f"Subject: {DISTINCTIVE}\r\n\r\nbody".encode(), f"<{access.draft_id}@b.example>",
                       dt.timedelta(days=30))
    assert not box.put(box.row_id(kept.draft_id, "t" * 32), kept.draft_id, Envelope("a", ("b",)), b"x", "<x>",
                       dt.timedelta(hours=1))  # the same press twice: one row
    store.delete(deleted.draft_id)
    with store.edit(expiring) as editing:
        editing.statement.about.conference_date = "2026-06-02"  # expires 14 days after
    clock.advance(days=20)
    assert store.purge() == 1
    assert {r.draft_id for r in rows(store, outbox_table)} == {kept.draft_id}
    row_id = box.row_id(kept.draft_id, "t" * 32)
    assert box._take(row_id) is not None and box._take(row_id) is None  # held by the first sender
    box._accepted(row_id)
    box._clear(row_id)
    assert rows(store, outbox_table) == []
