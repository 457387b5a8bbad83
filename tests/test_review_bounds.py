"""Review work is bounded: the review page is paged like every list (a document of 18,301
proposals was one 12 MB page), and the proposer runs outside the data folder's lock (one long
upload blocked an accept on another document for 37.5 s)."""
from __future__ import annotations

import fcntl
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kg.core.settings import Settings
from kg.core.storage import LOCK_NAME
from kg.curation.ingest import Meta, ingest
from kg.store.build import open_store
from scratch import NOTES, scratch_folders

JSON = {"accept": "application/json"}
TOKEN = "review-bounds-token"


@pytest.fixture()
def folders(tmp_path: Path, corpus_dir: Path) -> Settings:
    corpus, data = scratch_folders(tmp_path, corpus_dir)
    return Settings.from_env(env={}, store="memory", corpus=str(corpus), data_dir=str(data), update_token=TOKEN,
                             store_path=str(tmp_path / "store"), warm_up=0)


def lock_is_free(folder: Path) -> bool:
    with open(folder / LOCK_NAME, "a+") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        return True


def test_the_proposer_runs_outside_the_data_folder_lock(folders, monkeypatch):
    from kg.curation.propose import proposer

    seen = []
    real = proposer.propose

    def watching(*args, **kwargs):
        seen.append(lock_is_free(Path(folders.data_dir)))   # another writer could take the lock now
        return real(*args, **kwargs)

    monkeypatch.setattr(proposer, "propose", watching)
    result = ingest(folders, "notes.txt", NOTES.encode(), Meta(None, None, "2026-04-02", None),
                    store=open_store(folders))
    assert seen == [True]
    assert sum(result.proposals.values()) > 3


def test_the_review_page_is_paged_like_every_list(folders):
    from web.app import create_app

    out = ingest(folders, "notes.txt", NOTES.encode(), Meta(None, None, "2026-04-02", None), store=open_store(folders))
    with TestClient(create_app(folders)) as c:
        url = f"/documents/{out.id}/review"
        whole = c.get(url + ".json").json()
        total = whole["count"]
        assert total == len(whole["proposals"]) > 4
        seen, offset = [], 0
        while offset is not None:
            page = c.get(url + ".json", params={"offset": offset, "limit": 2}).json()
            assert len(page["proposals"]) <= 2 and page["count"] == total
            seen += [p["id"] for p in page["proposals"]]
            offset = page["next"]
        assert sorted(seen) == sorted(p["id"] for p in whole["proposals"])     # each once, none lost
        html = c.get(url, params={"limit": 2, "offset": 2}, headers={"accept": "text/html"})
        assert html.status_code == 200
        rows = re.findall(r'<tr id="row-(p\d+)"', html.text)
        assert rows == seen[2:4]
        marked = set(re.findall(r'data-proposals="([^"]+)"', html.text))
        assert {i for m in marked for i in m.split()} <= set(rows)             # the text marks this page only
        assert 'rel="next"' in html.text and 'rel="prev"' in html.text
        assert "offset=4" in html.headers["link"]
        assert c.get(url, params={"limit": 100_000}, headers=JSON).status_code == 400


def test_an_action_on_a_later_page_comes_back_to_that_page(folders):
    from web.app import create_app

    out = ingest(folders, "notes.txt", NOTES.encode(), Meta(None, None, "2026-04-02", None), store=open_store(folders))
    with TestClient(create_app(folders)) as c:
        c.post("/login", data={"token": TOKEN, "name": "Rita"}, follow_redirects=False)
        url = f"/documents/{out.id}/review"
        page = c.get(url, params={"offset": 2, "limit": 2})
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        pid = re.findall(r'<tr id="row-(p\d+)"', page.text)[0]
        r = c.post(url + "?offset=2&limit=2", data={"action": "reject", "pid": pid, "csrf": csrf}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == f"{url}?offset=2&limit=2#row-{pid}", r.headers


def _doctext(html: str) -> str:
    import html as markup

    body = re.search(r'<div class="doctext" id="doctext"[^>]*>(.*?)</div>', html, re.S).group(1)
    return markup.unescape(re.sub(r"<[^>]+>", "", body))


def test_the_review_page_shows_the_text_in_parts(folders):
    """A long document's review page shows the part of the text around the page's first proposal
    (the whole text was sent: a 723 KB document made one page); the parts, followed by their
    "next part" links, give the whole text once; a row whose span lies in another part links to it."""
    from web.app import create_app
    from kg.pages.textparts import PART

    text = "".join(f"Section {i}.\n{NOTES}" for i in range(120))           # about 32,000 characters
    out = ingest(folders, "long.txt", text.encode(), Meta(None, None, "2026-04-02", None), store=open_store(folders))
    with TestClient(create_app(folders)) as c:
        url = f"/documents/{out.id}/review"
        first = c.get(url + ".json").json()
        tp = first["text_part"]
        assert tp["parts"] == round(len(text) / PART) > 3 and tp["length"] == len(text)
        assert tp["start"] <= first["proposals"][0]["start"] < tp["end"]            # the first proposal's part
        page = c.get(url, headers={"accept": "text/html"}).text
        assert len(_doctext(page)) <= 1.5 * PART + 200 < len(text) and "Section 119." not in _doctext(page)
        pieces, link, seen = [], f"{url}?part=0", set()
        while link:
            html = c.get(link.split("#")[0], headers={"accept": "text/html"}).text
            pieces.append(_doctext(html))
            marks = {i for m in re.findall(r'data-proposals="([^"]+)"', html) for i in m.split()}
            seen |= marks
            found = re.search(r'<a rel="next" href="([^"]+)"', html.split('id="text-parts"')[1].split("</nav>")[0])
            link = found and found.group(1).replace("&amp;", "&")
        assert "".join(pieces) == text and len(pieces) == tp["parts"]
        assert seen == {p["id"] for p in first["proposals"]}                         # every span marked in its part
        elsewhere = re.search(r'<tr id="row-(p\d+)"(?:(?!</tr>).)*?<a class="in-text" href="([^"]+)">in part (\d+)',
                              page, re.S)
        assert elsewhere, "a row in another part links to it"
        pid, href, k = elsewhere.groups()
        there = c.get(href.replace("&amp;", "&").split("#")[0], headers={"accept": "text/html"}).text
        assert f"Part {k} of" in there and re.search(rf'data-proposals="[^"]*\b{pid}\b', there)
