"""A video's files survive being stored, and a video without other formats is stored exactly as before."""

from clinlead.content.api import video_files_from_stored, video_files_to_stored
from clinlead.content.data import MediaPath, VideoFiles


def test_other_formats_come_back_in_order_after_storing() -> None:
    files = VideoFiles(
        MediaPath("video/film.mp4"),
        MediaPath("video/film.vtt"),
        MediaPath("video/film-poster.svg"),
        (MediaPath("video/film.webm"),),
    )
    assert video_files_from_stored(video_files_to_stored(files)) == files


def test_a_video_with_one_format_is_stored_as_before_so_published_sessions_need_no_new_version() -> None:
    files = VideoFiles(MediaPath("video/film.webm"), MediaPath("video/film.vtt"))
    assert video_files_to_stored(files) == {"src": "video/film.webm", "captions": "video/film.vtt", "poster": ""}
    assert video_files_from_stored({"src": "video/film.webm", "captions": "video/film.vtt"}) == files
