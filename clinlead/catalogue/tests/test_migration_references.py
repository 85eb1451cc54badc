"""Stored content from before references (catalogue 0003): its URLs become references, its blocks typed."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from clinlead.content.api import pages_from_stored
from clinlead.content.data import Image, Ordering, Prose, SingleChoice, Video

BEFORE, AFTER = [("catalogue", "0002_pass_mark")], [("catalogue", "0003_references_not_urls")]
P = "/programmes/demo"
OLD_PAGES = [
    {
        "title": "One",
        "blocks": [
            {
                "kind": "text",
                "title": "",
                "data": {},
                "html": f'<p>See <a href="{P}/sessions/other/">other</a>,'
                f' <a href="{P}/framework/#domain-2">domain 2</a>, <a href="{P}/framework/">the framework</a>, <a href="https://example.org/x">elsewhere</a>'
                f' and <img src="/assets/content/demo/images/a.png" alt="A"></p>',
            },
            {
                "kind": "image",
                "title": "",
                "html": "",
                "data": {"src": "/assets/content/demo/images/a.png", "alt": "A", "caption": ""},
            },
            {
                "kind": "video",
                "title": "Film",
                "html": f'<p>Transcript, <a href="{P}/library/item/">item</a></p>',
                "data": {"src": "/assets/content/demo/v.mp4", "captions": "/assets/content/demo/v.vtt", "poster": ""},
            },
            {
                "kind": "exercise",
                "title": "",
                "html": "",
                "data": {
                    "key": "pick",
                    "type": "single",
                    "prompt_html": f'Read <a href="{P}/pages/faq/">the FAQ</a>',
                    "hint": "",
                    "required": True,
                    "options": [
                        {"id": "a", "text_html": "Yes", "correct": True, "feedback_html": "Right"},
                        {"id": "b", "text_html": "No", "correct": False, "feedback_html": "Wrong"},
                    ],
                },
            },
            {
                "kind": "exercise",
                "title": "",
                "html": "",
                "data": {
                    "key": "order",
                    "type": "ordering",
                    "prompt_html": "Order",
                    "hint": "",
                    "required": True,
                    "items": [{"id": "x1", "text": "First"}, {"id": "x2", "text": "Second"}],
                    "feedback_html": f'<a href="{P}/pathways/by-domain/">By domain</a>',
                },
            },
        ],
    }
]


@pytest.fixture
def back_to_the_latest_schema():
    """Migrating back leaves later migrations (0004 onwards) unapplied for every test after this one."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest_schema")
def test_stored_urls_become_references_and_blocks_take_their_typed_shape(settings) -> None:
    settings.STATIC_URL = "/assets/"
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    programme = old.get_model("catalogue", "Programme").objects.create(
        key="demo",
        title="Demo",
        summary="",
        intro_html=f'<a href="{P}/sessions/other/">Other</a>',
        framework_key="f",
        framework_title="F",
        framework_summary="",
        framework_intro_html="",
    )
    item = old.get_model("catalogue", "LibraryItem").objects.create(
        programme=programme,
        key="item",
        title="Item",
        kind="video",
        summary="",
        minutes=1,
        html="",
        video={"src": "/assets/content/demo/v.mp4", "captions": "/assets/content/demo/v.vtt", "poster": ""},
    )
    session = old.get_model("catalogue", "Session").objects.create(programme=programme, key="one")
    version = old.get_model("catalogue", "SessionVersion").objects.create(
        session=session, version=1, title="One", summary="", minutes=5, pages=OLD_PAGES, page_count=1, source_hash="h"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    assert (
        new.get_model("catalogue", "Programme").objects.get(pk=programme.pk).intro_html
        == '<a href="session:other">Other</a>'
    )
    assert new.get_model("catalogue", "LibraryItem").objects.get(pk=item.pk).video == {
        "src": "v.mp4",
        "captions": "v.vtt",
        "poster": "",
    }
    stored = new.get_model("catalogue", "SessionVersion").objects.get(pk=version.pk).pages
    text, image, video, single, ordering = pages_from_stored(stored)[0].blocks
    assert isinstance(text, Prose)
    assert text.html == (
        '<p>See <a href="session:other">other</a>, <a href="framework:2">domain 2</a>, <a href="framework:">the '
        'framework</a>, <a href="https://example.org/x">elsewhere</a> and <img src="media:images/a.png" alt="A"></p>'
    )
    assert image == Image(src="images/a.png", alt="A", caption="")  # type: ignore[arg-type]
    assert isinstance(video, Video)
    assert (video.files.src, video.files.captions, video.transcript_html) == (
        "v.mp4",
        "v.vtt",
        '<p>Transcript, <a href="library:item">item</a></p>',
    )
    assert isinstance(single, SingleChoice)
    assert single.prompt_html == 'Read <a href="page:faq">the FAQ</a>'
    assert [o.correct for o in single.options] == [True, False]
    assert isinstance(ordering, Ordering)
    assert ordering.feedback_html == '<a href="pathway:by-domain">By domain</a>'
    assert [i.text for i in ordering.items] == ["First", "Second"]
